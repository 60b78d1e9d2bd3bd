import type { LifeboatConfig, SocialNetwork } from '../core/config';
import type { Incident, IncidentUpdate } from '../core/incident';
import { fillTemplate } from '../core/template';
import { MESSAGES } from './i18n';
import { templateValues } from './notification-messages';
import { fitWithLink, TEXT_RULES } from './social-text';

const ICON: Record<string, string> = { investigating: '🔴', identified: '🟠', monitoring: '🟡', resolved: '✅' };

const hhmm = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(
    new Date(iso),
  );

/**
 * A post for a declare, update or resolve. The time is part of the text, so no two posts of a
 * thread are the same (X refuses duplicate text). Fitted to the network's length.
 */
export function incidentPost(
  config: LifeboatConfig,
  incident: Incident,
  update: IncidentUpdate,
  network: SocialNetwork = 'x',
): string {
  const t = MESSAGES[config.page.locale];
  const link = `${config.page.url}/incidents/${incident.id}/`;
  const when = hhmm(update.createdAt, config.page.timeZone);
  const template = config.responsePlan.templates[config.page.locale]?.x;
  // A template's post still carries the time, so no two posts of a thread are the same.
  const text = template
    ? `${fillTemplate(template, { ...templateValues(config, config.page.locale, incident, update), link: '' })} (${when})`
    : `${ICON[update.status] ?? ''} ${t.incidentStatus[update.status]} (${when}): ${incident.name}. ${update.body}`;
  return fitWithLink(text.replace(/\s+/g, ' ').trim(), link, TEXT_RULES[network]);
}

/** The post between updates while an incident is open: how long it has lasted, and where it stands. */
export function stillOngoingPost(
  config: LifeboatConfig,
  incident: Incident,
  now: Date,
  network: SocialNetwork = 'x',
): string {
  const t = MESSAGES[config.page.locale];
  const minutes = Math.max(1, Math.round((now.getTime() - Date.parse(incident.startedAt)) / 60_000));
  const elapsed = minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
  const latest = incident.updates.at(-1)!;
  const link = `${config.page.url}/incidents/${incident.id}/`;
  const text = `⏳ Still working on "${incident.name}" (${t.incidentStatus[incident.status]}), ${elapsed} since it began. Latest: ${latest.body.replace(/\s+/g, ' ')}`;
  return fitWithLink(text, link, TEXT_RULES[network]);
}
