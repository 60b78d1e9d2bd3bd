import type { LifeboatConfig } from '../core/config';
import type {
  Clock,
  EventPublisher,
  OneShotTimers,
  PostmortemRenderer,
  RateLimiter,
  SubscriberStore,
} from '../core/ports';
import { type CorePorts, type CoreServices, createServices } from '../core/services';
import type { NotificationAdapters } from '../plan/notification-system';

/**
 * The composition root: the services are wired here, once, from the adapters a runtime passes
 * (AWS in lambdas/runtime/, the emulators and local stand-ins in lambdas/local/, fakes in tests).
 * No runtime builds a service itself, so a new dependency is added in one place.
 *
 * Three modules (core, subscribers, response plan) rather than one, so that a Lambda function's
 * bundle holds only what it uses: an API route that reads incidents never loads the response plan.
 */

/** The table's stores, as ports: what the services read and write. */
export type LifeboatStores = Omit<CorePorts, 'events' | 'clock' | 'maintenanceTimers' | 'renderPostmortem'> &
  NotificationAdapters['stores'] & { subscribers: SubscriberStore; rateLimiter: RateLimiter };

/** What every runtime supplies. */
export interface CoreAdapters {
  config: LifeboatConfig;
  stores: Omit<CorePorts, 'events' | 'clock' | 'maintenanceTimers' | 'renderPostmortem'>;
  events: EventPublisher;
  clock: Clock;
  /** The one-shot timers of maintenance windows, in the runtimes that set them. */
  maintenanceTimers?: OneShotTimers;
  /** The postmortem renderer, in the runtimes that write postmortems. */
  renderPostmortem?: PostmortemRenderer;
}

/** The incident, component, signal and page-settings services. */
export function composeCore(a: CoreAdapters): CoreServices {
  return createServices(a.config, {
    ...a.stores,
    events: a.events,
    clock: a.clock,
    maintenanceTimers: a.maintenanceTimers,
    renderPostmortem: a.renderPostmortem,
  });
}
