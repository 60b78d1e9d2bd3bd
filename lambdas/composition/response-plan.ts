import type { LifeboatConfig } from '../core/config';
import type { Clock, Logger } from '../core/ports';
import type { CoreServices } from '../core/services';
import { composeNotifications, type NotificationAdapters } from '../plan/notification-system';
import type { SubscriberService } from '../subscriptions/subscriber-service';
import type { LifeboatStores } from './core';
import type { Channels } from './subscribers';

/** The response plan, wired once (see ./core.ts for the composition root's shape). */

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
