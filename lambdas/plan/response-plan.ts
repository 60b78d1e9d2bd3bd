import type { LifeboatConfig } from '../core/config';
import type { DomainEvent } from '../core/events';
import type { IncidentOrSnapshot, IncidentSnapshot, IncidentUpdate } from '../core/incident';
import { type Subscriber, wantsToHear } from '../core/subscriber';

export type Moment = 'declare' | 'update' | 'resolve';

/** One message to one subscriber on one channel. */
export interface Delivery {
  /** (update, subscriber, channel): the delivery ledger's key, so each is sent once. */
  key: string;
  channel: 'email' | 'sms' | 'webhook';
  subscriber: Subscriber;
}

/** The moment of an incident an event is, or null for events that notify nobody. */
export function momentOf(
  event: DomainEvent,
): { moment: Moment; incident: IncidentSnapshot; update: IncidentUpdate; updateNumber: number } | null {
  switch (event.type) {
    case 'incident.declared':
      return { moment: 'declare', incident: event.incident, update: event.update, updateNumber: event.updateNumber };
    case 'incident.updated':
      // A postmortem is published on the page; it is not a reason to wake anyone.
      return event.update.status === 'postmortem'
        ? null
        : { moment: 'update', incident: event.incident, update: event.update, updateNumber: event.updateNumber };
    case 'incident.resolved':
      return { moment: 'resolve', incident: event.incident, update: event.update, updateNumber: event.updateNumber };
    default:
      return null;
  }
}

/**
 * The response plan, applied: for this moment of this incident, every confirmed subscriber of an
 * affected component (or of everything) on each channel the plan names for the incident's impact.
 */
export function planDeliveries(
  config: LifeboatConfig,
  at: { moment: Moment; incident: IncidentOrSnapshot; update: IncidentUpdate },
  subscribers: readonly Subscriber[],
): Delivery[] {
  const channels = new Set(config.responsePlan.byImpact[at.incident.impact][at.moment]);
  const affected = Object.keys(at.incident.components);
  return subscribers
    .filter((s) => s.state === 'confirmed' && channels.has(s.channel) && wantsToHear(s, affected))
    .map((subscriber) => ({
      key: `${at.update.id}:${subscriber.id}:${subscriber.channel}`,
      channel: subscriber.channel,
      subscriber,
    }));
}
