import type { LifeboatConfig } from '../core/config';
import type { IncidentReader } from '../core/incident-reader';
import type { Clock, Logger } from '../core/ports';
import { composeNotifications, type NotificationAdapters } from '../plan/notification-system';
import type { SubscriberDirectory } from '../subscriptions/subscriber-directory';
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
    stores: NotificationAdapters['stores'];
    channels: Channels;
    clock: Clock;
    logger: Logger;
    services: { incidents: IncidentReader };
    subscribers: SubscriberDirectory;
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
