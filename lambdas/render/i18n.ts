import type { ComponentStatus } from '../core/component';
import type { Impact, IncidentStatus } from '../core/incident';
import type { Indicator } from '../core/page-status';

/** Every string a visitor reads. Add a locale by adding an object of this shape. */
export interface Messages {
  lang: string;
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
}

const en: Messages = {
  lang: 'en',
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
};

const fr: Messages = {
  lang: 'fr',
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
  uptime: (percent) => `${percent} % de disponibilité`,
  uptimeSummary: (name, percent, days) => `${name} : ${percent} % de disponibilité sur les ${days} derniers jours`,
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
};

export const MESSAGES = { en, fr } as const;
export type Locale = keyof typeof MESSAGES;
