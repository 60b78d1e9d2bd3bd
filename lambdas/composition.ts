import type { LifeboatConfig } from './core/config';
import type {
  Clock,
  EmailSender,
  EventPublisher,
  HostResolver,
  Logger,
  RateLimiter,
  SmsSender,
  SubscriberStore,
  WebhookSender,
} from './core/ports';
import { type CorePorts, type CoreServices, createServices } from './core/services';
import { TokenSigner } from './core/tokens';
import { composeNotifications, type NotificationAdapters } from './plan/notification-system';
import { SubscriberService } from './subscriptions/subscriber-service';

/**
 * The composition root: the services are wired here, once, from the adapters a runtime passes
 * (AWS in lambdas/runtime/, the emulators and local stand-ins in lambdas/local/, fakes in tests).
 * No runtime builds a service itself, so a new dependency is added in one place.
 *
 * Three functions rather than one, so that a Lambda function's bundle holds only what it uses:
 * an API route that reads incidents never carries the response plan.
 */

/** The table's stores, as ports: what the services read and write. */
export type LifeboatStores = Omit<CorePorts, 'events' | 'clock'> &
  NotificationAdapters['stores'] & { subscribers: SubscriberStore; rateLimiter: RateLimiter };

/** What every runtime supplies. */
export interface CoreAdapters {
  config: LifeboatConfig;
  stores: Omit<CorePorts, 'events' | 'clock'>;
  events: EventPublisher;
  clock: Clock;
}

/** The incident, component, signal and page-settings services. */
export function composeCore(a: CoreAdapters): CoreServices {
  return createServices(a.config, { ...a.stores, events: a.events, clock: a.clock });
}

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

/** What the response plan needs beyond the services: where jobs wait, timers, posts, the providers' pace. */
export type PlanAdapters = Omit<
  NotificationAdapters,
  'config' | 'incidents' | 'subscribers' | 'email' | 'sms' | 'webhooks' | 'stores' | 'clock' | 'logger'
>;

/** The response plan: its worker, its timed ticks and its dry run, over the services it is given. */
export function composeResponsePlan(
  a: {
    config: LifeboatConfig;
    stores: LifeboatStores;
    channels: Channels;
    clock: Clock;
    logger: Logger;
    services: Pick<CoreServices, 'incidents'>;
    subscribers: SubscriberService;
  },
  plan: PlanAdapters,
) {
  return composeNotifications({
    ...plan,
    config: a.config,
    incidents: a.services.incidents,
    subscribers: a.subscribers,
    ...a.channels,
    stores: a.stores,
    clock: a.clock,
    logger: a.logger,
  });
}
