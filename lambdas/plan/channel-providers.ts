import { randomBytes } from 'node:crypto';
import type { LifeboatConfig } from '../core/config';
import type { IncidentOrSnapshot, IncidentUpdate } from '../core/incident';
import type { BulkEmail, EmailMessage, EmailSender, SmsSender, WebhookSender } from '../core/ports';
import type { Recipient, Subscriber } from '../core/subscriber';
import { maintenanceEmail, maintenanceSms, maintenanceWebhookPayload } from '../render/maintenance-messages';
import { notificationEmail, notificationSms, webhookPayload } from '../render/notification-messages';
import type { SubscriberDirectory } from '../subscriptions/subscriber-directory';
import type { Delivery, MaintenanceAnnouncement, Moment } from './response-plan';

/** What a batch tells its recipients: a moment of an incident, or of a scheduled maintenance. */
export type PlanMoment =
  | { moment: Moment; incident: IncidentOrSnapshot; update: IncidentUpdate }
  | MaintenanceAnnouncement;

/** One message a channel would send: to whom, and what it says. */
export interface PlannedMessage {
  channel: Delivery['channel'];
  to: string;
  subject: string | null;
  body: string;
  /** The whole email, headers included, for email. */
  email?: EmailMessage;
  /** The JSON posted, for a webhook. */
  payload?: unknown;
}

/** A channel to subscribers: composes the message for one of them, and sends it. */
export interface ChannelProvider {
  compose(subscriber: Recipient, at: PlanMoment): Promise<PlannedMessage>;
  /** Sends; false when there was nothing to send (a number that opted out). Throws on failure. */
  send(message: PlannedMessage, subscriber: Recipient): Promise<boolean>;
}

export class WebhookRefused extends Error {
  constructor(
    readonly status: number,
    readonly transient: boolean,
  ) {
    super(status === 0 ? 'the receiver could not be reached' : `the receiver answered ${status}`);
    this.name = 'WebhookRefused';
  }
}

/**
 * The notification email of one moment for many recipients of one locale: rendered once with
 * markers where each recipient's own links go. The markers carry a random part, so no incident
 * text can pose as one.
 */
export async function bulkNotificationEmail(
  deps: ChannelDeps,
  locale: Subscriber['locale'],
  recipients: readonly Recipient[],
  at: PlanMoment,
): Promise<BulkEmail> {
  const nonce = randomBytes(6).toString('hex');
  const marker = { manage: `LIFEBOAT-MANAGE-${nonce}`, unsubscribe: `LIFEBOAT-UNSUBSCRIBE-${nonce}` };
  const email = await emailOf(deps.config, locale, '', at, marker);
  const { 'List-Unsubscribe': _perRecipient, ...shared } = email.headers;
  return {
    subject: email.subject,
    text: email.text,
    html: email.html,
    headers: shared,
    recipients: await Promise.all(
      recipients.map(async (subscriber) => {
        const links = {
          manage: await deps.subscribers.manageUrl(subscriber),
          unsubscribe: await deps.subscribers.unsubscribeUrl(subscriber),
        };
        return {
          to: subscriber.address,
          values: { [marker.manage]: links.manage, [marker.unsubscribe]: links.unsubscribe },
          headers: { 'List-Unsubscribe': `<${links.unsubscribe}>` },
        };
      }),
    ),
  };
}

/**
 * The postmortem's messages, with the Markdown renderer they need: loaded by the first postmortem
 * announced, not in every cold start of the notifier (postmortems are rare; updates are not).
 */
const postmortemMessages = () => import('../render/postmortem-messages');

/** The email of a moment: a maintenance's, an incident update's, or the postmortem itself. */
async function emailOf(
  config: LifeboatConfig,
  locale: Subscriber['locale'],
  to: string,
  at: PlanMoment,
  links: { manage: string; unsubscribe: string },
): Promise<EmailMessage> {
  if ('maintenance' in at) return maintenanceEmail(config, locale, to, at.maintenance, at.update, links);
  return at.moment === 'postmortem'
    ? (await postmortemMessages()).postmortemEmail(config, locale, to, at.incident, links)
    : notificationEmail(config, locale, to, at.incident, at.update, links);
}

export interface ChannelDeps {
  config: LifeboatConfig;
  subscribers: Pick<SubscriberDirectory, 'manageUrl' | 'unsubscribeUrl' | 'suppress'>;
  email: EmailSender;
  sms: SmsSender;
  webhooks: WebhookSender;
}

/**
 * Every subscriber channel, one provider each. The type makes a channel without a provider (or a
 * provider for no channel) a compile error.
 */
export function channelProviders(deps: ChannelDeps): { readonly [C in Delivery['channel']]: ChannelProvider } {
  const { config, subscribers } = deps;
  return {
    email: {
      async compose(subscriber, at) {
        const links = {
          manage: await subscribers.manageUrl(subscriber),
          unsubscribe: await subscribers.unsubscribeUrl(subscriber),
        };
        const email = await emailOf(config, subscriber.locale, subscriber.address, at, links);
        return { channel: 'email', to: subscriber.address, subject: email.subject, body: email.text, email };
      },
      async send(message) {
        await deps.email.send(message.email!);
        return true;
      },
    },
    sms: {
      async compose(subscriber, at) {
        return {
          channel: 'sms',
          to: subscriber.address,
          subject: null,
          body:
            'maintenance' in at
              ? maintenanceSms(config, subscriber.locale, at.maintenance, at.update)
              : at.moment === 'postmortem'
                ? (await postmortemMessages()).postmortemSms(config, subscriber.locale, at.incident)
                : notificationSms(config, subscriber.locale, at.incident, at.update),
        };
      },
      async send(message, subscriber) {
        // A number that replied STOP is never texted again, whatever the store says.
        if (await deps.sms.isOptedOut(subscriber.address)) {
          await subscribers.suppress('sms', subscriber.address, 'sms-opt-out');
          return false;
        }
        await deps.sms.send({ to: subscriber.address, body: message.body });
        return true;
      },
    },
    webhook: {
      async compose(subscriber, at) {
        const payload =
          'maintenance' in at
            ? maintenanceWebhookPayload(config, at.maintenance, at.update)
            : at.moment === 'postmortem'
              ? (await postmortemMessages()).postmortemWebhookPayload(config, at.incident)
              : webhookPayload(config, at.moment, at.incident, at.update);
        return { channel: 'webhook', to: subscriber.address, subject: null, body: JSON.stringify(payload), payload };
      },
      async send(message, subscriber) {
        const { status } = await deps.webhooks.post(
          subscriber.address,
          message.payload,
          subscriber.webhookSecret ?? '',
        );
        if (status < 200 || status >= 300)
          throw new WebhookRefused(status, status === 0 || status === 429 || status >= 500);
        return true;
      },
    },
  };
}
