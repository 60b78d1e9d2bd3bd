import type { LifeboatConfig } from '../core/config';
import type { DomainEvent, PostmortemPublished } from '../core/events';
import type { IncidentOrSnapshot, IncidentSnapshot, IncidentUpdate } from '../core/incident';
import type { MaintenanceMoment, MaintenanceSnapshot, MaintenanceUpdate } from '../core/maintenance';
import { type Subscriber, wantsToHear } from '../core/subscriber';

export type Moment = 'declare' | 'update' | 'resolve' | 'postmortem';
/** The moments of an incident itself, which the plan's `byImpact` names channels for. */
export type IncidentMoment = Exclude<Moment, 'postmortem'>;

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
    case 'incident.postmortem_published':
      // Only when asked for (each revision once); the update is the postmortem's stand-in, its id
      // keying the deliveries. Number 0: it waits for no earlier plan (the resolve's ended long ago).
      return event.notify
        ? { moment: 'postmortem', incident: event.incident, update: postmortemUpdate(event), updateNumber: 0 }
        : null;
    default:
      return null;
  }
}

/** A moment of a scheduled maintenance that subscribers are told of. */
export interface MaintenanceAnnouncement {
  moment: MaintenanceMoment;
  maintenance: MaintenanceSnapshot;
  update: MaintenanceUpdate;
  updateNumber: number;
}

/** What an event tells subscribers: a moment of an incident or of a maintenance; null for nothing. */
export type Announcement = NonNullable<ReturnType<typeof momentOf>> | MaintenanceAnnouncement;

export function announcementOf(event: DomainEvent): Announcement | null {
  if (event.type === 'maintenance.changed')
    return {
      moment: event.change.moment,
      maintenance: event.maintenance,
      update: event.change,
      updateNumber: event.updateNumber,
    };
  return momentOf(event);
}

/**
 * The response plan, applied: for this moment of this incident, every confirmed subscriber of an
 * affected component (or of everything) on each channel the plan names for the incident's impact
 * (for a maintenance, for the moment).
 */
export function planDeliveries(
  config: LifeboatConfig,
  at: { moment: Moment; incident: IncidentOrSnapshot; update: IncidentUpdate } | MaintenanceAnnouncement,
  subscribers: readonly Subscriber[],
): Delivery[] {
  // A maintenance: the channels its moment names in the config, to the subscribers of its components.
  const channels = new Set<string>(
    'maintenance' in at
      ? config.maintenance.notify[at.moment]
      : at.moment === 'postmortem'
        ? config.responsePlan.postmortem.channels
        : config.responsePlan.byImpact[at.incident.impact][at.moment],
  );
  const affected = 'maintenance' in at ? at.maintenance.components : Object.keys(at.incident.components);
  return subscribers
    .filter((s) => s.state === 'confirmed' && channels.has(s.channel) && wantsToHear(s, affected))
    .map((subscriber) => ({
      key: `${at.update.id}:${subscriber.id}:${subscriber.channel}`,
      channel: subscriber.channel,
      subscriber,
    }));
}

/** A postmortem's revision as an update: what the channels' messages and the delivery ledger key on. */
function postmortemUpdate(event: PostmortemPublished): IncidentUpdate {
  const postmortem = event.incident.postmortem!;
  return {
    id: `${event.incident.id}.postmortem.r${event.revision}`,
    status: 'postmortem',
    body: postmortem.body,
    author: postmortem.author,
    createdAt: postmortem.updatedAt,
    componentChanges: [],
  };
}
