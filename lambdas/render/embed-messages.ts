import type { Impact } from '../core/incident';
import { type Locale, MESSAGES } from './i18n';

/** What the in-app banner says, in the host page's language. Plain strings: they go into the script as JSON. */
export interface BannerMessages {
  /** Before the incident's name, by its impact. */
  impact: Record<Impact, string>;
  /** Before a maintenance's name. */
  maintenance: string;
  incidentStatus: Record<string, string>;
  /** The link to the incident's page. */
  details: string;
  /** The close button's accessible name. */
  dismiss: string;
  /** When more than one incident applies; `{n}` is how many more. */
  more: string;
}

/** The /embed/ page, which shows how to put the page's status in another site. */
export interface EmbedPageMessages {
  /** The footer link. */
  link: string;
  title: string;
  intro: string;
  bannerHeading: string;
  bannerIntro: string;
  bannerComponents: string;
  bannerBehaviour: string;
  componentsHeading: string;
  component: string;
  id: string;
  apiHeading: string;
  apiIntro: string;
}

export interface EmbedMessages {
  banner: BannerMessages;
  page: EmbedPageMessages;
}

export const EMBED_MESSAGES: Record<Locale, EmbedMessages> = {
  en: {
    banner: {
      impact: { none: 'Notice', minor: 'Degraded service', major: 'Partial outage', critical: 'Major outage' },
      maintenance: 'Maintenance',
      incidentStatus: {
        ...MESSAGES.en.incidentStatus,
        scheduled: 'Scheduled',
        in_progress: 'In progress',
        verifying: 'Verifying',
        completed: 'Completed',
      },
      details: 'Details',
      dismiss: 'Dismiss this status message',
      more: '+{n} more',
    },
    page: {
      link: 'Embed',
      title: 'Embed this status in your site',
      intro: 'Show this page’s status inside your own web app or intranet.',
      bannerHeading: 'An in-app status banner',
      bannerIntro:
        'Add this tag to your pages. It shows a small banner while an incident or a maintenance affects the components you choose, and nothing when all is well:',
      bannerComponents:
        'data-components takes component or group ids, separated by commas; leave it out to hear about every incident. The banner follows the page’s language (English or French), checks for news once a minute, can be dismissed, and keeps its styles to itself. If your site has a Content Security Policy, allow this page’s origin in script-src and connect-src.',
      bannerBehaviour:
        'It loads nothing else, sets one global (window.LifeboatBanner) and never throws into your page.',
      componentsHeading: 'Component ids',
      component: 'Component',
      id: 'Id',
      apiHeading: 'The status API, from any site',
      apiIntro:
        'The Statuspage-compatible JSON under /api/v2/, the feeds and the badge can be read from any origin (CORS), so Statuspage widgets and dashboards work unchanged. For example:',
    },
  },
  fr: {
    banner: {
      impact: { none: 'Information', minor: 'Service dégradé', major: 'Panne partielle', critical: 'Panne majeure' },
      maintenance: 'Maintenance',
      incidentStatus: {
        ...MESSAGES.fr.incidentStatus,
        scheduled: 'Planifiée',
        in_progress: 'En cours',
        verifying: 'Vérification',
        completed: 'Terminée',
      },
      details: 'Détails',
      dismiss: 'Masquer ce message de statut',
      more: '+{n} autre(s)',
    },
    page: {
      link: 'Intégrer',
      title: 'Intégrer ce statut à votre site',
      intro: 'Affichez le statut de cette page dans votre application web ou votre intranet.',
      bannerHeading: 'Un bandeau de statut dans votre application',
      bannerIntro:
        'Ajoutez cette balise à vos pages. Elle affiche un petit bandeau tant qu’un incident ou une maintenance touche les composants choisis, et rien quand tout va bien\u202F:',
      bannerComponents:
        'data-components prend des identifiants de composants ou de groupes, séparés par des virgules\u202F; sans lui, le bandeau signale tous les incidents. Il suit la langue de la page (français ou anglais), vérifie les nouvelles une fois par minute, peut être masqué et garde ses styles pour lui. Si votre site a une Content Security Policy, autorisez l’origine de cette page dans script-src et connect-src.',
      bannerBehaviour:
        'Il ne charge rien d’autre, ne crée qu’une variable globale (window.LifeboatBanner) et ne lève jamais d’erreur dans votre page.',
      componentsHeading: 'Identifiants des composants',
      component: 'Composant',
      id: 'Identifiant',
      apiHeading: 'L’API de statut, depuis n’importe quel site',
      apiIntro:
        'Le JSON compatible Statuspage sous /api/v2/, les flux et le badge se lisent depuis toute origine (CORS)\u202F: les widgets et tableaux de bord Statuspage fonctionnent tels quels. Par exemple\u202F:',
    },
  },
};
