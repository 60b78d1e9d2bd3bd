import type { ComponentStatus } from '../core/component';
import type { Impact, IncidentStatus } from '../core/incident';
import type { MaintenanceMoment, MaintenanceStatus } from '../core/maintenance';
import type { Indicator } from '../core/page-status';

/** Every string a visitor reads. Add a locale by adding an object of this shape. */
export interface Messages {
  lang: string;
  /** What follows a label: ": " in English; French sets a narrow no-break space before it. */
  colon: string;
  indicator: Record<Indicator, string>;
  maintenance: string;
  componentStatus: Record<ComponentStatus, string>;
  incidentStatus: Record<IncidentStatus, string>;
  impact: Record<Impact, string>;
  skipToContent: string;
  activeIncidents: string;
  components: string;
  pastIncidents: string;
  noIncidentsReported: string;
  history: string;
  historyOf: (month: string) => string;
  uptime: (percent: string) => string;
  uptimeSummary: (name: string, percent: string, days: number) => string;
  ninetyDaysAgo: string;
  today: string;
  noData: string;
  lastUpdated: string;
  affects: string;
  started: string;
  resolved: string;
  updates: string;
  subscribeToFeeds: string;
  statusApi: string;
  backToStatus: string;
  olderMonths: string;
  outageTitle: string;
  outageDefaultMessage: string;
  outageNoIncident: string;
  outageFollow: string;
  latestUpdate: string;
  notFoundTitle: string;
  notFoundBody: string;
  poweredBy: string;
  subscribe: SubscribeMessages;
  notification: NotificationMessages;
  maintenances: MaintenanceMessages;
  postmortem: PostmortemMessages;
}

/** What the page and the notifications say about scheduled maintenance. */
export interface MaintenanceMessages {
  status: Record<MaintenanceStatus, string>;
  /** What a notification announces, as its first words. */
  moment: Record<MaintenanceMoment, string>;
  /** "Scheduled maintenance" before a maintenance's name. */
  label: string;
  upcoming: string;
  active: string;
  /** The window, its times already formatted. */
  window: (from: string, until: string) => string;
  /** A reminder: the start, some minutes ahead. */
  startsIn: (minutes: number) => string;
  /** Its components. */
  affects: (list: string) => string;
  /** The outage holding page's maintenance variant: until when. */
  holdingTitle: string;
  holdingUntil: (until: string) => string;
  calendar: string;
}

/** Around a postmortem, on the incident's page, in the feeds and in what subscribers receive. */
export interface PostmortemMessages {
  heading: string;
  published: string;
  edited: string;
  /** Subject and first line of the email telling subscribers of a postmortem. */
  announce: (incident: string) => string;
  /** The SMS, which the link then ends (before the opt-out). In GSM-7. */
  sms: (page: string, incident: string) => string;
  readOnline: string;
}

/** What incident notifications say around the update itself. */
export interface NotificationMessages {
  /** While the incident is open; `list` names each component with its status. */
  affects: (list: string) => string;
  /** Once it is resolved. */
  affected: (list: string) => string;
  impact: (impact: string) => string;
  /** Ends every SMS. In GSM-7 (no ê, no ’): one other character would cut every SMS to 70. */
  smsOptOut: string;
}

/** What subscribers read: the form, the pages of the opt-in flow, the messages sent to them. */
export interface SubscribeMessages {
  heading: string;
  byEmail: string;
  bySms: string;
  emailLabel: string;
  phoneLabel: string;
  phoneHint: string;
  componentsLegend: string;
  allComponents: string;
  submit: string;
  emailConsent: (page: string) => string;
  smsConsent: (page: string, terms: string | null, privacy: string | null) => string;
  checkInboxTitle: string;
  checkInbox: string;
  webhookSent: string;
  enterCodeTitle: string;
  enterCode: string;
  codeLabel: string;
  verify: string;
  wrongCode: string;
  confirmTitle: string;
  confirmQuestion: (page: string) => string;
  confirmedTitle: string;
  confirmed: (page: string) => string;
  manageTitle: string;
  save: string;
  saved: string;
  unsubscribe: string;
  unsubscribeQuestion: string;
  unsubscribedTitle: string;
  unsubscribed: (page: string) => string;
  invalidLinkTitle: string;
  invalidLink: string;
  expiredLinkTitle: string;
  expiredLink: string;
  tooManyTitle: string;
  tooMany: string;
  badInputTitle: string;
  confirmEmailSubject: (page: string) => string;
  confirmEmailBody: (page: string) => string;
  confirmButton: string;
  ignoreIfNotYou: string;
  alreadySubscribedSubject: (page: string) => string;
  alreadySubscribedBody: (page: string) => string;
  manageButton: string;
  smsCode: (page: string, code: string) => string;
  manageFooter: string;
}

const en: Messages = {
  lang: 'en',
  colon: ': ',
  indicator: {
    none: 'All Systems Operational',
    minor: 'Minor Service Outage',
    major: 'Partial System Outage',
    critical: 'Major Service Outage',
  },
  maintenance: 'Service Under Maintenance',
  componentStatus: {
    operational: 'Operational',
    under_maintenance: 'Under maintenance',
    degraded_performance: 'Degraded performance',
    partial_outage: 'Partial outage',
    major_outage: 'Major outage',
  },
  incidentStatus: {
    investigating: 'Investigating',
    identified: 'Identified',
    monitoring: 'Monitoring',
    resolved: 'Resolved',
    postmortem: 'Postmortem',
  },
  impact: { none: 'No impact', minor: 'Minor', major: 'Major', critical: 'Critical' },
  skipToContent: 'Skip to content',
  activeIncidents: 'Active incidents',
  components: 'Components',
  pastIncidents: 'Past incidents',
  noIncidentsReported: 'No incidents reported.',
  history: 'Incident history',
  historyOf: (month) => `Incidents in ${month}`,
  uptime: (percent) => `${percent}% uptime`,
  uptimeSummary: (name, percent, days) => `${name}: ${percent}% uptime over the last ${days} days`,
  ninetyDaysAgo: '90 days ago',
  today: 'Today',
  noData: 'No data',
  lastUpdated: 'Last updated',
  affects: 'Affects',
  started: 'Started',
  resolved: 'Resolved',
  updates: 'Updates',
  subscribeToFeeds: 'Feeds',
  statusApi: 'Status API',
  backToStatus: 'Current status',
  olderMonths: 'Earlier months',
  outageTitle: 'We are having a problem',
  outageDefaultMessage: 'We know about it and are working on it. Thank you for your patience.',
  outageNoIncident: 'No outage is in progress.',
  outageFollow: 'Follow the status page for updates',
  latestUpdate: 'Latest update',
  notFoundTitle: 'Page not found',
  notFoundBody: 'There is nothing at this address.',
  poweredBy: 'Powered by Lifeboat',
  maintenances: {
    status: {
      scheduled: 'Scheduled',
      in_progress: 'In progress',
      verifying: 'Verifying',
      completed: 'Completed',
      cancelled: 'Cancelled',
    },
    moment: {
      scheduled: 'Maintenance scheduled',
      rescheduled: 'Maintenance rescheduled',
      reminder: 'Maintenance reminder',
      started: 'Maintenance started',
      verifying: 'Maintenance: verifying',
      completed: 'Maintenance completed',
      cancelled: 'Maintenance cancelled',
      updated: 'Maintenance update',
    },
    label: 'Scheduled maintenance',
    upcoming: 'Upcoming maintenance',
    active: 'Maintenance in progress',
    window: (from, until) => `Scheduled for ${from} until ${until}`,
    startsIn: (minutes) =>
      minutes % 60 === 0
        ? `Starts in ${minutes / 60} hour${minutes === 60 ? '' : 's'}`
        : `Starts in ${minutes} minute${minutes === 1 ? '' : 's'}`,
    affects: (list) => `Components under maintenance: ${list}`,
    holdingTitle: 'Down for scheduled maintenance',
    holdingUntil: (until) => `We expect to be back by ${until}.`,
    calendar: 'Maintenance calendar (iCal)',
  },
  subscribe: {
    heading: 'Get notified',
    byEmail: 'By email',
    bySms: 'By text message',
    emailLabel: 'Email address',
    phoneLabel: 'Mobile number',
    phoneHint: 'With the country code, e.g. +1 415 555 0100',
    componentsLegend: 'Components',
    allComponents: 'All components, or choose:',
    submit: 'Subscribe',
    emailConsent: (page) =>
      `You will get an email when ${page} declares, updates or resolves an incident. Every email has a one-click unsubscribe link.`,
    smsConsent: (page, terms, privacy) =>
      `You will get text messages from ${page} when an incident is declared, updated or resolved; frequency varies. Msg & data rates may apply. Reply HELP for help, STOP to cancel.` +
      (terms ? ` Terms: ${terms}.` : '') +
      (privacy ? ` Privacy: ${privacy}.` : ''),
    checkInboxTitle: 'Check your inbox',
    checkInbox:
      'If this address can receive our updates, a confirmation email is on its way. Click the link in it to start receiving notifications.',
    webhookSent:
      'A verification request was sent to the URL, with the secret its notifications will be signed with. Answer it with a 2xx status to confirm.',
    enterCodeTitle: 'Enter your code',
    enterCode:
      'If this number can receive our updates, a text message with a 6-digit code is on its way. Enter it to confirm.',
    codeLabel: 'Code',
    verify: 'Confirm',
    wrongCode: 'That code is not right, or it has expired.',
    confirmTitle: 'Confirm your subscription',
    confirmQuestion: (page) => `Press the button to start receiving ${page} status updates.`,
    confirmedTitle: 'Subscription confirmed',
    confirmed: (page) => `You will now hear from ${page} when something goes wrong, and when it is fixed.`,
    manageTitle: 'Your subscription',
    save: 'Save',
    saved: 'Your choices are saved.',
    unsubscribe: 'Unsubscribe',
    unsubscribeQuestion: 'Stop receiving notifications?',
    unsubscribedTitle: 'Unsubscribed',
    unsubscribed: (page) => `You will no longer receive notifications from ${page}.`,
    invalidLinkTitle: 'This link is not valid',
    invalidLink: 'Check that the whole link was copied, or subscribe again from the status page.',
    expiredLinkTitle: 'This link has expired',
    expiredLink: 'Subscribe again from the status page to get a new one.',
    tooManyTitle: 'Too many attempts',
    tooMany: 'Please wait a while before trying again.',
    badInputTitle: 'Please check what you entered',
    confirmEmailSubject: (page) => `Confirm your subscription to ${page} status updates`,
    confirmEmailBody: (page) => `Someone, hopefully you, asked to receive status updates from ${page} at this address.`,
    confirmButton: 'Confirm my subscription',
    ignoreIfNotYou: 'If it was not you, ignore this email: nothing will be sent without confirmation.',
    alreadySubscribedSubject: (page) => `Your ${page} status subscription`,
    alreadySubscribedBody: (page) =>
      `This address already receives status updates from ${page}. You can change what you receive or unsubscribe here:`,
    manageButton: 'Manage my subscription',
    smsCode: (page, code) => `${page} status: your code is ${code}. Reply STOP to opt out.`,
    manageFooter: 'Manage your subscription or unsubscribe:',
  },
  notification: {
    affects: (list) => `This incident affects: ${list}`,
    affected: (list) => `This incident affected: ${list}`,
    impact: (impact) => `Impact: ${impact}`,
    smsOptOut: ' Reply STOP to opt out',
  },
  postmortem: {
    heading: 'Postmortem',
    published: 'Published',
    edited: 'Edited',
    announce: (incident) => `Postmortem: ${incident}`,
    sms: (page, incident) => `${page}: the postmortem of "${incident}" is published:`,
    readOnline: 'Read it on the status page',
  },
};

const fr: Messages = {
  lang: 'fr',
  colon: '\u202F: ',
  indicator: {
    none: 'Tous les systèmes sont opérationnels',
    minor: 'Panne mineure',
    major: 'Panne partielle',
    critical: 'Panne majeure',
  },
  maintenance: 'Maintenance en cours',
  componentStatus: {
    operational: 'Opérationnel',
    under_maintenance: 'En maintenance',
    degraded_performance: 'Performances dégradées',
    partial_outage: 'Panne partielle',
    major_outage: 'Panne majeure',
  },
  incidentStatus: {
    investigating: 'Analyse en cours',
    identified: 'Cause identifiée',
    monitoring: 'Sous surveillance',
    resolved: 'Résolu',
    postmortem: 'Post-mortem',
  },
  impact: { none: 'Sans impact', minor: 'Mineur', major: 'Majeur', critical: 'Critique' },
  skipToContent: 'Aller au contenu',
  activeIncidents: 'Incidents en cours',
  components: 'Composants',
  pastIncidents: 'Incidents passés',
  noIncidentsReported: 'Aucun incident signalé.',
  history: 'Historique des incidents',
  historyOf: (month) => `Incidents de ${month}`,
  uptime: (percent) => `${percent}\u202F% de disponibilité`,
  uptimeSummary: (name, percent, days) =>
    `${name}\u202F: ${percent}\u202F% de disponibilité sur les ${days} derniers jours`,
  ninetyDaysAgo: 'Il y a 90 jours',
  today: "Aujourd'hui",
  noData: 'Pas de données',
  lastUpdated: 'Dernière mise à jour',
  affects: 'Concerne',
  started: 'Début',
  resolved: 'Résolu',
  updates: 'Mises à jour',
  subscribeToFeeds: 'Flux',
  statusApi: 'API de statut',
  backToStatus: 'État actuel',
  olderMonths: 'Mois précédents',
  outageTitle: 'Nous rencontrons un problème',
  outageDefaultMessage: 'Nous en sommes informés et y travaillons. Merci de votre patience.',
  outageNoIncident: "Aucune panne n'est en cours.",
  outageFollow: 'Suivez la page de statut pour les mises à jour',
  latestUpdate: 'Dernière mise à jour',
  notFoundTitle: 'Page introuvable',
  notFoundBody: "Il n'y a rien à cette adresse.",
  poweredBy: 'Propulsé par Lifeboat',
  maintenances: {
    status: {
      scheduled: 'Planifiée',
      in_progress: 'En cours',
      verifying: 'Vérification',
      completed: 'Terminée',
      cancelled: 'Annulée',
    },
    moment: {
      scheduled: 'Maintenance planifiée',
      rescheduled: 'Maintenance replanifiée',
      reminder: 'Rappel de maintenance',
      started: 'Maintenance commencée',
      verifying: 'Maintenance\u202F: vérification',
      completed: 'Maintenance terminée',
      cancelled: 'Maintenance annulée',
      updated: 'Point sur la maintenance',
    },
    label: 'Maintenance planifiée',
    upcoming: 'Maintenances à venir',
    active: 'Maintenance en cours',
    window: (from, until) => `Prévue du ${from} au ${until}`,
    startsIn: (minutes) =>
      minutes % 60 === 0
        ? `Commence dans ${minutes / 60}\u00a0heure${minutes === 60 ? '' : 's'}`
        : `Commence dans ${minutes}\u00a0minute${minutes === 1 ? '' : 's'}`,
    affects: (list) => `Composants en maintenance\u202F: ${list}`,
    holdingTitle: 'Interruption pour maintenance planifiée',
    holdingUntil: (until) => `Retour prévu le ${until}.`,
    calendar: 'Calendrier des maintenances (iCal)',
  },
  subscribe: {
    heading: 'Être prévenu',
    byEmail: 'Par e-mail',
    bySms: 'Par SMS',
    emailLabel: 'Adresse e-mail',
    phoneLabel: 'Numéro de mobile',
    phoneHint: "Avec l'indicatif du pays, par ex. +33 6 12 34 56 78",
    componentsLegend: 'Composants',
    allComponents: 'Tous les composants, ou choisissez\u202F:',
    submit: "S'abonner",
    emailConsent: (page) =>
      `Vous recevrez un e-mail quand ${page} déclare, met à jour ou résout un incident. Chaque e-mail contient un lien de désabonnement en un clic.`,
    smsConsent: (page, terms, privacy) =>
      `Vous recevrez des SMS de ${page} quand un incident est déclaré, mis à jour ou résolu\u202F; fréquence variable. Coût d'un SMS selon votre opérateur. Répondez HELP pour de l'aide, STOP pour arrêter.` +
      (terms ? ` Conditions\u202F: ${terms}.` : '') +
      (privacy ? ` Confidentialité\u202F: ${privacy}.` : ''),
    checkInboxTitle: 'Consultez votre messagerie',
    checkInbox:
      'Si cette adresse peut recevoir nos mises à jour, un e-mail de confirmation est en route. Cliquez sur son lien pour recevoir les notifications.',
    webhookSent:
      "Une requête de vérification a été envoyée à l'URL, avec le secret qui signera ses notifications. Répondez-y avec un statut 2xx pour confirmer.",
    enterCodeTitle: 'Saisissez votre code',
    enterCode:
      'Si ce numéro peut recevoir nos mises à jour, un SMS avec un code à 6 chiffres est en route. Saisissez-le pour confirmer.',
    codeLabel: 'Code',
    verify: 'Confirmer',
    wrongCode: "Ce code n'est pas le bon, ou il a expiré.",
    confirmTitle: 'Confirmez votre abonnement',
    confirmQuestion: (page) => `Appuyez sur le bouton pour recevoir les mises à jour de ${page}.`,
    confirmedTitle: 'Abonnement confirmé',
    confirmed: (page) => `Vous serez prévenu par ${page} quand un problème survient, et quand il est résolu.`,
    manageTitle: 'Votre abonnement',
    save: 'Enregistrer',
    saved: 'Vos choix sont enregistrés.',
    unsubscribe: 'Se désabonner',
    unsubscribeQuestion: 'Ne plus recevoir de notifications\u202F?',
    unsubscribedTitle: 'Désabonné',
    unsubscribed: (page) => `Vous ne recevrez plus de notifications de ${page}.`,
    invalidLinkTitle: "Ce lien n'est pas valide",
    invalidLink: 'Vérifiez que le lien a été copié en entier, ou abonnez-vous de nouveau depuis la page de statut.',
    expiredLinkTitle: 'Ce lien a expiré',
    expiredLink: 'Abonnez-vous de nouveau depuis la page de statut pour en recevoir un nouveau.',
    tooManyTitle: 'Trop de tentatives',
    tooMany: 'Merci de patienter avant de réessayer.',
    badInputTitle: 'Merci de vérifier votre saisie',
    confirmEmailSubject: (page) => `Confirmez votre abonnement aux mises à jour de ${page}`,
    confirmEmailBody: (page) =>
      `Quelqu'un, sans doute vous, a demandé à recevoir les mises à jour de statut de ${page} à cette adresse.`,
    confirmButton: 'Confirmer mon abonnement',
    ignoreIfNotYou: "Si ce n'était pas vous, ignorez cet e-mail\u202F: rien ne sera envoyé sans confirmation.",
    alreadySubscribedSubject: (page) => `Votre abonnement au statut de ${page}`,
    alreadySubscribedBody: (page) =>
      `Cette adresse reçoit déjà les mises à jour de ${page}. Vous pouvez modifier ce que vous recevez ou vous désabonner ici\u202F:`,
    manageButton: 'Gérer mon abonnement',
    smsCode: (page, code) => `Statut ${page}\u202F: votre code est ${code}. Répondez STOP pour vous désabonner.`,
    manageFooter: 'Gérer votre abonnement ou vous désabonner\u202F:',
  },
  notification: {
    affects: (list) => `Cet incident concerne\u202F: ${list}`,
    affected: (list) => `Cet incident a concerné\u202F: ${list}`,
    impact: (impact) => `Impact\u202F: ${impact}`,
    smsOptOut: ' STOP pour se désabonner',
  },
  postmortem: {
    heading: 'Post-mortem',
    published: 'Publié',
    edited: 'Modifié',
    announce: (incident) => `Post-mortem\u202F: ${incident}`,
    sms: (page, incident) => `${page} : le post-mortem de "${incident}" est publié :`,
    readOnline: 'Le lire sur la page de statut',
  },
};

export const MESSAGES = { en, fr } as const;
export type Locale = keyof typeof MESSAGES;
