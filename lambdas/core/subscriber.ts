import { deriveId } from './ids';
import * as z from './schema';

export const SubscriberChannel = z.enum(['email', 'sms', 'webhook']);
export type SubscriberChannel = z.infer<typeof SubscriberChannel>;

/**
 * pending: signed up, not yet confirmed (never notified; expires). confirmed: notified.
 * unsubscribed: left. suppressed: the address bounced, complained or opted out at the carrier.
 */
export const SUBSCRIBER_STATES = ['pending', 'confirmed', 'unsubscribed', 'suppressed'] as const;
export type SubscriberState = (typeof SUBSCRIBER_STATES)[number];

/** Evidence of consent, kept for each opt-in step: when, how, from where, and the text shown. */
export interface ConsentRecord {
  at: string;
  method: 'signup-form' | 'api' | 'email-link' | 'sms-code' | 'webhook-ping' | 'import';
  ip: string | null;
  userAgent: string | null;
  text: string;
}

/** One address is one subscriber, whatever the retries and re-subscriptions. */
export const subscriberId = (channel: SubscriberChannel, address: string): string =>
  deriveId('subscriber', channel, address);

export interface Subscriber {
  /** Derived from channel and address, so one address is one subscriber whatever the retries. */
  id: string;
  channel: SubscriberChannel;
  /** Lowercased email, E.164 phone number, or https URL. */
  address: string;
  /** Component ids to be told about; null for all. */
  components: string[] | null;
  locale: 'en' | 'fr';
  state: SubscriberState;
  createdAt: string;
  updatedAt: string;
  confirmedAt: string | null;
  endedAt: string | null;
  endedReason: 'unsubscribed' | 'bounce' | 'complaint' | 'sms-opt-out' | null;
  /** Epoch seconds; set only while pending. The store's TTL deletes lazily, so readers check it too. */
  expiresAt: number | null;
  consent: ConsentRecord[];
  /** SMS double opt-in: a hash of the code sent, when it expires and how many tries remain. */
  smsCode: { hash: string; expiresAt: string; attemptsLeft: number } | null;
  /** Webhooks: the secret its POSTs are signed with. */
  webhookSecret: string | null;
  version: number;
}

/**
 * What a message to a subscriber needs: who (for their own links), where, in which language, and
 * the webhook secret. Delivery batches carry only this, not the consent history.
 */
export type Recipient = Pick<Subscriber, 'id' | 'channel' | 'address' | 'locale' | 'webhookSecret'>;

export const recipientOf = ({ id, channel, address, locale, webhookSecret }: Subscriber): Recipient => ({
  id,
  channel,
  address,
  locale,
  webhookSecret,
});

export const isExpired = (subscriber: Subscriber, nowMs: number): boolean =>
  subscriber.state === 'pending' && subscriber.expiresAt !== null && subscriber.expiresAt * 1000 <= nowMs;

/** Whether a subscriber wants to hear about an incident affecting these components. */
export const wantsToHear = (subscriber: Subscriber, componentIds: readonly string[]): boolean =>
  subscriber.components === null ||
  componentIds.length === 0 ||
  componentIds.some((id) => subscriber.components!.includes(id));
