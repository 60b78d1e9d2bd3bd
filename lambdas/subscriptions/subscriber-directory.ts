import type { Clock, Page, SubscriberStore } from '../core/ports';
import type { Subscriber, SubscriberChannel } from '../core/subscriber';
import type { SubscriberLinks } from './links';
import { type SuppressionReason, suppressor } from './suppression';

/**
 * What the response plan needs of subscriptions: who to tell, the links each message carries, and
 * the addresses a provider refused. The notifier is built with this alone, not the sign-up,
 * opt-in and import it never runs (SubscriberService offers the same, and more).
 */
export interface SubscriberDirectory {
  listConfirmed(options: { limit: number; cursor?: string | undefined }): Promise<Page<Subscriber>>;
  manageUrl(subscriber: Pick<Subscriber, 'id'>): Promise<string>;
  unsubscribeUrl(subscriber: Pick<Subscriber, 'id'>): Promise<string>;
  /** An address that bounced or complained (SES) or opted out (SMS) is never sent to again. */
  suppress(channel: SubscriberChannel, address: string, reason: SuppressionReason): Promise<boolean>;
}

export function subscriberDirectory(deps: {
  store: SubscriberStore;
  links: SubscriberLinks;
  clock: Clock;
}): SubscriberDirectory {
  const { store, links } = deps;
  return {
    listConfirmed: (options) => store.listConfirmed(options),
    manageUrl: (subscriber) => links.manageUrl(subscriber),
    unsubscribeUrl: (subscriber) => links.unsubscribeUrl(subscriber),
    suppress: suppressor(store, deps.clock),
  };
}
