import type { LifeboatConfig } from '../core/config';
import type { Incident, IncidentUpdate } from '../core/incident';
import type { EmailMessage } from '../core/ports';
import { type TemplateValues, fillTemplate } from '../core/template';
import { html } from './html';
import { MESSAGES } from './i18n';
import { oneClickUnsubscribeHeaders } from './subscriber-messages';
import { dateTime } from './time';

type Locale = keyof typeof MESSAGES;

const incidentUrl = (config: LifeboatConfig, incident: Incident) => `${config.page.url}/incidents/${incident.id}/`;

/** The values a configured template is filled with. */
export function templateValues(config: LifeboatConfig, locale: Locale, incident: Incident, update: IncidentUpdate): TemplateValues {
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

/** A notification email: the update, a link to the incident, the manage link and one-click unsubscribe. */
export function notificationEmail(
  config: LifeboatConfig,
  locale: Locale,
  to: string,
  incident: Incident,
  update: IncidentUpdate,
  links: { manage: string; unsubscribe: string },
): EmailMessage {
  const t = MESSAGES[locale];
  const status = t.incidentStatus[update.status];
  const when = dateTime(update.createdAt, { locale, timeZone: config.page.timeZone });
  const templates = config.responsePlan.templates[locale];
  const values = templateValues(config, locale, incident, update);
  const subject = templates?.emailSubject ? fillTemplate(templates.emailSubject, values) : `[${config.page.name}] ${status}: ${incident.name}`;
  const url = incidentUrl(config, incident);
  const message = templates?.emailBody ? fillTemplate(templates.emailBody, values) : update.body;
  const text = `${status} — ${when}\n\n${message}\n\n${url}\n\n--\n${t.subscribe.manageFooter} ${links.manage}\n`;
  const body = html`<!doctype html><html><body style="margin:0;padding:24px;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d2330;background:#f7f8fa">
<div style="max-width:560px;margin:0 auto;background:#fff;border:1px solid #e3e6eb;border-radius:8px;padding:24px">
<p style="color:#5b6474;font-size:13px;margin:0">${config.page.name}</p>
<h1 style="font-size:20px;margin:8px 0 4px">${incident.name}</h1>
<p style="margin:0 0 16px"><strong>${status}</strong> · ${when}</p>
<p style="line-height:1.5;white-space:pre-line">${message}</p>
<p><a href="${url}">${url}</a></p>
<p style="color:#5b6474;font-size:13px;line-height:1.5">${t.subscribe.manageFooter} <a href="${links.manage}">${t.subscribe.manageButton}</a></p>
</div></body></html>`.value;
  return { to, subject, text, html: body, headers: oneClickUnsubscribeHeaders(links.unsubscribe) };
}

/** GSM 03.38's basic alphabet: a text in it fits 160 characters to a segment, otherwise 70 (UCS-2). */
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;

export const smsSegmentLimit = (text: string): number => (GSM7.test(text) ? 160 : 70);

/** An SMS that fits one segment: the page, the status and name, as much of the update as fits, then the opt-out. */
export function notificationSms(config: LifeboatConfig, locale: Locale, incident: Incident, update: IncidentUpdate): string {
  const t = MESSAGES[locale];
  // Both stay within GSM-7 (no ê): an accent outside it would cut every SMS to 70 characters.
  const tail = locale === 'fr' ? ' STOP pour se désabonner' : ' Reply STOP to opt out';
  const template = config.responsePlan.templates[locale]?.sms;
  // The opt-out instruction ends every SMS, whatever the template says.
  const text = (template ? fillTemplate(template, templateValues(config, locale, incident, update)) : `${config.page.name}: ${t.incidentStatus[update.status]} - ${incident.name}. ${update.body}`).replace(/\s+/g, ' ');
  const whole = `${text}${tail}`;
  const limit = smsSegmentLimit(whole);
  if (whole.length <= limit) return whole;
  return `${text.slice(0, Math.max(0, limit - tail.length - 1))}…${tail}`;
}

/** What a webhook receives: Statuspage-like incident fields, and the update that caused it. */
export function webhookPayload(config: LifeboatConfig, moment: string, incident: Incident, update: IncidentUpdate) {
  return {
    type: `incident.${moment === 'declare' ? 'declared' : moment === 'resolve' ? 'resolved' : 'updated'}`,
    page: { id: config.page.id, name: config.page.name, url: config.page.url },
    incident: {
      id: incident.id,
      name: incident.name,
      status: incident.status,
      impact: incident.impact,
      shortlink: incidentUrl(config, incident),
      started_at: incident.startedAt,
      resolved_at: incident.resolvedAt,
      components: incident.components,
    },
    update: { id: update.id, status: update.status, body: update.body, created_at: update.createdAt },
  };
}
