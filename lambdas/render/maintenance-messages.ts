import type { LifeboatConfig } from '../core/config';
import type { MaintenanceSnapshot, MaintenanceUpdate } from '../core/maintenance';
import type { EmailMessage } from '../core/ports';
import { emailFrame, manageFooter } from './email-frame';
import { html } from './html';
import { type Locale, MESSAGES } from './i18n';
import { fitOneSegment, withGsm7Lookalikes } from './sms-segments';
import { oneClickUnsubscribeHeaders } from './subscriber-messages';
import { dateTime } from './time';

/**
 * What subscribers are told about a scheduled maintenance, on each channel: what happened (the
 * moment), the window in the page's time zone, the components, the update's text.
 */

/** Where the page shows the maintenance. */
export const maintenanceUrl = (config: LifeboatConfig, m: Pick<MaintenanceSnapshot, 'id'>) =>
  `${config.page.url}/#maintenance-${m.id}`;

/** The first words of a notification: the moment, and for a reminder how soon it starts. */
export function maintenanceHeadline(locale: Locale, update: MaintenanceUpdate): string {
  const t = MESSAGES[locale];
  const moment = t.maintenances.moment[update.moment];
  return update.reminderMinutes === undefined
    ? moment
    : `${moment}${t.colon}${t.maintenances.startsIn(update.reminderMinutes)}`;
}

/** "Scheduled for 3 Dec 2026, 12:00 until 3 Dec 2026, 14:00" in the page's time zone. */
export function maintenanceWindow(config: LifeboatConfig, locale: Locale, m: MaintenanceSnapshot): string {
  const clock = { locale, timeZone: config.page.timeZone };
  return MESSAGES[locale].maintenances.window(dateTime(m.scheduledFor, clock), dateTime(m.scheduledUntil, clock));
}

/** The maintenance's components by display name, in the page's order. */
export function maintenanceComponents(config: LifeboatConfig, m: Pick<MaintenanceSnapshot, 'components'>): string[] {
  const known = config.components.filter((c) => m.components.includes(c.id)).map((c) => c.name);
  const removed = m.components.filter((id) => !config.components.some((c) => c.id === id));
  return [...known, ...removed];
}

/** The whole thread of a maintenance shares one References root, as an incident's does. */
function threadHeaders(
  config: LifeboatConfig,
  m: MaintenanceSnapshot,
  update: MaintenanceUpdate,
): Record<string, string> {
  const from = config.subscriptions.fromAddress;
  const domain = from ? from.slice(from.lastIndexOf('@') + 1) : new URL(config.page.url).hostname;
  const root = `<maintenance-${m.id}@${domain}>`;
  return update.moment === 'scheduled' ? { References: root } : { 'In-Reply-To': root, References: root };
}

export function maintenanceEmail(
  config: LifeboatConfig,
  locale: Locale,
  to: string,
  m: MaintenanceSnapshot,
  update: MaintenanceUpdate,
  links: { manage: string; unsubscribe: string },
): EmailMessage {
  const t = MESSAGES[locale];
  const headline = maintenanceHeadline(locale, update);
  const window = maintenanceWindow(config, locale, m);
  const components = maintenanceComponents(config, m);
  const affects = components.length ? [t.maintenances.affects(components.join(', '))] : [];
  const url = maintenanceUrl(config, m);
  const subject = `[${config.page.name}] ${t.maintenances.label}: ${m.name}`;
  const text = `${headline}\n\n${m.name}\n${window}\n\n${update.body}\n\n${affects.map((l) => `${l}\n\n`).join('')}${url}\n\n--\n${t.subscribe.manageFooter} ${links.manage}\n`;
  const body = emailFrame(
    html`<p style="margin:0"><strong>${headline}</strong></p>
<h1 style="font-size:20px;margin:8px 0 8px">${m.name}</h1>
<p style="margin:0 0 16px;color:#3a4252">${window}</p>
<p style="line-height:1.5;white-space:pre-line">${update.body}</p>
${affects.map((line) => html`<p style="margin:4px 0;color:#3a4252">${line}</p>`)}
<p><a href="${url}">${url}</a></p>`,
    manageFooter(config.page.name, t, links.manage),
    t.lang,
  );
  return {
    to,
    subject,
    text,
    html: body,
    headers: { ...oneClickUnsubscribeHeaders(links.unsubscribe), ...threadHeaders(config, m, update) },
  };
}

/** One segment: the page, the headline and name, the window, then the opt-out. */
export function maintenanceSms(
  config: LifeboatConfig,
  locale: Locale,
  m: MaintenanceSnapshot,
  update: MaintenanceUpdate,
): string {
  const t = MESSAGES[locale];
  const text = `${config.page.name}: ${maintenanceHeadline(locale, update)} - ${m.name}. ${maintenanceWindow(config, locale, m)}.`;
  return fitOneSegment(withGsm7Lookalikes(text).replace(/\s+/g, ' ').trim(), t.notification.smsOptOut);
}

/** What a webhook receives: Statuspage's scheduled-maintenance fields, and the update that caused it. */
export function maintenanceWebhookPayload(config: LifeboatConfig, m: MaintenanceSnapshot, update: MaintenanceUpdate) {
  return {
    type: `maintenance.${update.moment}`,
    page: { id: config.page.id, name: config.page.name, url: config.page.url },
    scheduled_maintenance: {
      id: m.id,
      name: m.name,
      status: m.status,
      impact: m.impact,
      shortlink: maintenanceUrl(config, m),
      scheduled_for: m.scheduledFor,
      scheduled_until: m.scheduledUntil,
      started_at: m.startedAt,
      resolved_at: m.completedAt,
      components: m.components.map((id) => ({
        code: id,
        name: config.components.find((c) => c.id === id)?.name ?? id,
      })),
    },
    update: {
      id: update.id,
      status: update.status,
      body: update.body,
      created_at: update.createdAt,
      ...(update.reminderMinutes === undefined ? {} : { minutes_before_start: update.reminderMinutes }),
    },
  };
}
