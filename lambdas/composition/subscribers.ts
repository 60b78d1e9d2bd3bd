import type { LifeboatConfig } from '../core/config';
import type { Clock, EmailSender, HostResolver, SmsSender, WebhookSender } from '../core/ports';
import { TokenSigner } from '../core/tokens';
import { SubscriberLinks } from '../subscriptions/links';
import { type SubscriberDirectory, subscriberDirectory } from '../subscriptions/subscriber-directory';
import { SubscriberService } from '../subscriptions/subscriber-service';
import type { LifeboatStores } from './core';

/** Subscriptions, wired once (see ./core.ts for the composition root's shape). */

/** The channels messages go out on. */
export interface Channels {
  email: EmailSender;
  sms: SmsSender;
  webhooks: WebhookSender;
}

/** What subscriptions need beyond the core: the channels, the key links are signed with, the API's URL. */
export interface SubscriberAdapters {
  config: LifeboatConfig;
  stores: Pick<LifeboatStores, 'subscribers' | 'rateLimiter' | 'audit'>;
  channels: Channels;
  /** The key subscriber links are signed with: from Secrets Manager on AWS (see runtime/secrets.ts). */
  tokenKey: () => Promise<string>;
  clock: Clock;
  /** The API's public URL, for the links subscribers follow. */
  apiUrl: string;
  /** Only local mode and tests accept webhooks on private networks. */
  allowPrivateNetworks?: boolean;
  resolveHost?: HostResolver;
}

/** Subscriptions: sign-up, opt-in, signed links, managing, import, suppression. */
export function composeSubscribers(a: SubscriberAdapters): SubscriberService {
  return new SubscriberService({
    config: a.config,
    store: a.stores.subscribers,
    tokens: new TokenSigner(a.tokenKey),
    rateLimiter: a.stores.rateLimiter,
    audit: a.stores.audit,
    ...a.channels,
    clock: a.clock,
    apiUrl: a.apiUrl,
    ...(a.allowPrivateNetworks ? { allowPrivateNetworks: true } : {}),
    ...(a.resolveHost ? { resolveHost: a.resolveHost } : {}),
  });
}

/**
 * What the response plan needs of subscriptions (who to tell, the links in each message, the
 * addresses providers refused), without the sign-up, opt-in and import it never runs.
 */
export function composeSubscriberDirectory(
  a: Pick<SubscriberAdapters, 'tokenKey' | 'clock' | 'apiUrl'> & { stores: Pick<LifeboatStores, 'subscribers'> },
): SubscriberDirectory {
  const store = a.stores.subscribers;
  const links = new SubscriberLinks({ store, tokens: new TokenSigner(a.tokenKey), clock: a.clock, apiUrl: a.apiUrl });
  return subscriberDirectory({ store, links, clock: a.clock });
}
