import type { LifeboatConfig } from '../core/config';
import type { IncidentOrSnapshot } from '../core/incident';
import type { EmailMessage } from '../core/ports';
import type { Postmortem } from '../core/postmortem';
import { emailFrame, manageFooter } from './email-frame';
import { html } from './html';
import { MESSAGES } from './i18n';
import { incidentThreadId, webhookIncident } from './notification-messages';
import { postmortemDocument } from './postmortem-document';
import { fitOneSegment, withGsm7Lookalikes } from './sms-segments';
import { oneClickUnsubscribeHeaders } from './subscriber-messages';
import { dateTime } from './time';

type Locale = keyof typeof MESSAGES;

// What subscribers receive when a postmortem is published with `notify`: the whole document by
// email (the HTML stored with it, as on the page, its Markdown as the text part), a link
// by SMS, the document and its revision by webhook.

const incidentUrl = (config: LifeboatConfig, incident: IncidentOrSnapshot) =>
  `${config.page.url}/incidents/${incident.id}/`;

const postmortemOf = (incident: IncidentOrSnapshot): Postmortem => {
  if (!incident.postmortem) throw new Error(`Incident ${incident.id} has no postmortem to announce`);
  return incident.postmortem;
};

/** The postmortem by email, in the incident's thread (it replies to the incident's first email). */
export function postmortemEmail(
  config: LifeboatConfig,
  locale: Locale,
  to: string,
  incident: IncidentOrSnapshot,
  links: { manage: string; unsubscribe: string },
): EmailMessage {
  const t = MESSAGES[locale];
  const postmortem = postmortemOf(incident);
  const url = `${incidentUrl(config, incident)}#postmortem`;
  const when = dateTime(postmortem.updatedAt, { locale, timeZone: config.page.timeZone });
  const subject = `[${config.page.name}] ${t.postmortem.announce(incident.name)}`;
  const text = `${t.postmortem.announce(incident.name)} — ${when}\n\n${postmortem.body}\n\n${t.postmortem.readOnline}: ${url}\n\n--\n${t.subscribe.manageFooter} ${links.manage}\n`;
  const body = emailFrame(
    html`<div style="line-height:1.5">
<p style="margin:0"><strong>${t.postmortem.heading}</strong> · ${when}</p>
<h1 style="font-size:20px;margin:8px 0 16px">${incident.name}</h1>
${postmortemDocument(postmortem)}
<p><a href="${url}">${t.postmortem.readOnline}</a></p>
</div>`,
    manageFooter(config.page.name, t, links.manage),
    t.lang,
  );
  const root = incidentThreadId(config, incident);
  return {
    to,
    subject,
    text,
    html: body,
    headers: { ...oneClickUnsubscribeHeaders(links.unsubscribe), 'In-Reply-To': root, References: root },
  };
}

/** One segment: that the postmortem is out, and where to read it (the link is never cut). */
export function postmortemSms(config: LifeboatConfig, locale: Locale, incident: IncidentOrSnapshot): string {
  const t = MESSAGES[locale];
  const text = t.postmortem.sms(config.page.name, incident.name);
  const tail = ` ${incidentUrl(config, incident)}${t.notification.smsOptOut}`;
  return fitOneSegment(withGsm7Lookalikes(text).replace(/\s+/g, ' ').trim(), tail);
}

/** What a webhook receives: the incident as for its updates, and the postmortem with its revision. */
export function postmortemWebhookPayload(config: LifeboatConfig, incident: IncidentOrSnapshot) {
  const postmortem = postmortemOf(incident);
  return {
    type: 'incident.postmortem_published',
    page: { id: config.page.id, name: config.page.name, url: config.page.url },
    incident: webhookIncident(config, incident),
    postmortem: {
      body: postmortem.body,
      body_html: postmortemDocument(postmortem).value,
      revision: postmortem.revision,
      published_at: postmortem.publishedAt,
      updated_at: postmortem.updatedAt,
    },
  };
}
