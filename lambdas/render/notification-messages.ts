import type { ComponentStatus } from '../core/component';
import type { LifeboatConfig } from '../core/config';
import { type Incident, type IncidentOrSnapshot, type IncidentUpdate, isFirstUpdate, isOpen } from '../core/incident';
import type { EmailMessage } from '../core/ports';
import { fillTemplate, type TemplateValues } from '../core/template';
import { emailFrame, manageFooter } from './email-frame';
import { html } from './html';
import { MESSAGES } from './i18n';
import { fitOneSegment, withGsm7Lookalikes } from './sms-segments';
import { oneClickUnsubscribeHeaders } from './subscriber-messages';
import { dateTime } from './time';

type Locale = keyof typeof MESSAGES;

// Messages are built from an event's incident snapshot (no updates: the announced one is passed
// beside it) or from a stored incident.

const incidentUrl = (config: LifeboatConfig, incident: IncidentOrSnapshot) =>
  `${config.page.url}/incidents/${incident.id}/`;

/** The values a configured template is filled with. */
export function templateValues(
  config: LifeboatConfig,
  locale: Locale,
  incident: IncidentOrSnapshot,
  update: IncidentUpdate,
): TemplateValues {
  const t = MESSAGES[locale];
  return {
    page: config.page.name,
    name: incident.name,
    status: t.incidentStatus[update.status],
    impact: t.impact[incident.impact],
    body: update.body,
    link: incidentUrl(config, incident),
    time: dateTime(update.createdAt, { locale, timeZone: config.page.timeZone }),
  };
}

/** The incident's components in the page's order, by display name, with the status it gives each. */
export function affectedComponents(
  config: LifeboatConfig,
  incident: IncidentOrSnapshot,
): { id: string; name: string; status: ComponentStatus }[] {
  const known = config.components
    .filter((c) => Object.hasOwn(incident.components, c.id))
    .map((c) => ({ id: c.id, name: c.name, status: incident.components[c.id]! }));
  // A component since removed from the config is still named, by its id.
  const removed = Object.entries(incident.components)
    .filter(([id]) => !config.components.some((c) => c.id === id))
    .map(([id, status]) => ({ id, name: id, status }));
  return [...known, ...removed];
}

/** "This incident affects: API (Partial outage), Database (Degraded performance)" and the impact, one a line. */
function incidentSummary(
  config: LifeboatConfig,
  locale: Locale,
  incident: IncidentOrSnapshot,
  update: IncidentUpdate,
): string[] {
  const t = MESSAGES[locale];
  const affected = affectedComponents(config, incident);
  const list = affected.map((c) => `${c.name} (${t.componentStatus[c.status]})`).join(', ');
  const say = isOpen(update) ? t.notification.affects : t.notification.affected;
  return [...(affected.length ? [say(list)] : []), t.notification.impact(t.impact[incident.impact])];
}

/**
 * The id every email of an incident refers to, so mail clients show them as one conversation.
 * Under the sender's domain, else the page's host: ids under a domain one does not own may clash.
 */
export function incidentThreadId(config: LifeboatConfig, incident: Pick<Incident, 'id'>): string {
  const from = config.subscriptions.fromAddress;
  const domain = from ? from.slice(from.lastIndexOf('@') + 1) : new URL(config.page.url).hostname;
  return `<incident-${incident.id}@${domain}>`;
}

/**
 * Threading headers. SES sets every Message-ID itself: SESv2 refuses Message-ID as a custom header
 * of Simple and bulk mail, and overrides it in raw mail. So no email can *be* the thread's root;
 * instead every email of the incident names the same root in References (JWZ threading, used by
 * Thunderbird, Apple Mail and others, groups them under it), and each later one replies to it.
 */
export function incidentThreadHeaders(
  config: LifeboatConfig,
  incident: IncidentOrSnapshot,
  update: IncidentUpdate,
): Record<string, string> {
  const root = incidentThreadId(config, incident);
  const isFirst = isFirstUpdate(incident, update);
  return isFirst ? { References: root } : { 'In-Reply-To': root, References: root };
}

/**
 * A notification email: the status first, the update, what it affects, a link to the incident,
 * the manage link and one-click unsubscribe. The subject stays the same for the whole incident,
 * so that mail clients keep its emails together.
 */
export function notificationEmail(
  config: LifeboatConfig,
  locale: Locale,
  to: string,
  incident: IncidentOrSnapshot,
  update: IncidentUpdate,
  links: { manage: string; unsubscribe: string },
): EmailMessage {
  const t = MESSAGES[locale];
  const status = t.incidentStatus[update.status];
  const when = dateTime(update.createdAt, { locale, timeZone: config.page.timeZone });
  const templates = config.responsePlan.templates[locale];
  const values = templateValues(config, locale, incident, update);
  const subject = templates?.emailSubject
    ? fillTemplate(templates.emailSubject, values)
    : `[${config.page.name}] ${incident.name}`;
  const url = incidentUrl(config, incident);
  const message = templates?.emailBody ? fillTemplate(templates.emailBody, values) : update.body;
  const summary = incidentSummary(config, locale, incident, update);
  const text = `${status} — ${when}\n\n${message}\n\n${summary.join('\n')}\n\n${url}\n\n--\n${t.subscribe.manageFooter} ${links.manage}\n`;
  const body = emailFrame(
    html`<p style="margin:0"><strong>${status}</strong> · ${when}</p>
<h1 style="font-size:20px;margin:8px 0 16px">${incident.name}</h1>
<p style="line-height:1.5;white-space:pre-line">${message}</p>
${summary.map((line) => html`<p style="margin:4px 0;color:#3a4252">${line}</p>`)}
<p><a href="${url}">${url}</a></p>`,
    manageFooter(config.page.name, t, links.manage),
    t.lang,
  );
  return {
    to,
    subject,
    text,
    html: body,
    headers: { ...oneClickUnsubscribeHeaders(links.unsubscribe), ...incidentThreadHeaders(config, incident, update) },
  };
}

/** An SMS in one segment: the page, the status and name, as much of the update as fits, then the opt-out. */
export function notificationSms(
  config: LifeboatConfig,
  locale: Locale,
  incident: IncidentOrSnapshot,
  update: IncidentUpdate,
): string {
  const t = MESSAGES[locale];
  const template = config.responsePlan.templates[locale]?.sms;
  const text = template
    ? fillTemplate(template, templateValues(config, locale, incident, update))
    : `${config.page.name}: ${t.incidentStatus[update.status]} - ${incident.name}. ${update.body}`;
  // One line, typographic characters as their GSM-7 look-alikes; the opt-out ends every SMS,
  // whatever the template says.
  return fitOneSegment(withGsm7Lookalikes(text).replace(/\s+/g, ' ').trim(), t.notification.smsOptOut);
}

/** The incident as a webhook carries it, in Statuspage's field names. */
export const webhookIncident = (config: LifeboatConfig, incident: IncidentOrSnapshot) => ({
  id: incident.id,
  name: incident.name,
  status: incident.status,
  impact: incident.impact,
  shortlink: incidentUrl(config, incident),
  started_at: incident.startedAt,
  resolved_at: incident.resolvedAt,
  components: incident.components,
  affected_components: affectedComponents(config, incident),
});

/** What a webhook receives: Statuspage-like incident fields, and the update that caused it. */
export function webhookPayload(
  config: LifeboatConfig,
  moment: string,
  incident: IncidentOrSnapshot,
  update: IncidentUpdate,
) {
  return {
    type: `incident.${moment === 'declare' ? 'declared' : moment === 'resolve' ? 'resolved' : 'updated'}`,
    page: { id: config.page.id, name: config.page.name, url: config.page.url },
    incident: webhookIncident(config, incident),
    update: {
      id: update.id,
      status: update.status,
      body: update.body,
      created_at: update.createdAt,
      // As Statuspage's incident updates show them.
      affected_components: update.componentChanges.map((change) => ({
        code: change.componentId,
        name: config.components.find((c) => c.id === change.componentId)?.name ?? change.componentId,
        old_status: change.from,
        new_status: change.to,
      })),
    },
  };
}
