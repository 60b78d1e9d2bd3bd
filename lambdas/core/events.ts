import type { Actor } from './actor';
import type { ComponentStatus } from './component';
import { type Incident, type IncidentSnapshot, type IncidentUpdate, snapshotOf } from './incident';
import type { MaintenanceSnapshot, MaintenanceUpdate } from './maintenance';

/**
 * What happened, as the rest of Lifeboat hears it. The status page and the response plan
 * subscribe to these; request handlers never call them directly.
 */
interface EventBase {
  /** Deterministic, so a redelivered or re-published event can be recognised. */
  id: string;
  occurredAt: string;
  actor: Actor;
}

export interface IncidentDeclared extends EventBase {
  type: 'incident.declared';
  incident: IncidentSnapshot;
  update: IncidentUpdate;
  /** The update's position in the incident, from 1. */
  updateNumber: number;
}

export interface IncidentUpdated extends EventBase {
  type: 'incident.updated';
  incident: IncidentSnapshot;
  update: IncidentUpdate;
  /** The update's position in the incident, from 1. */
  updateNumber: number;
}

export interface IncidentResolved extends EventBase {
  type: 'incident.resolved';
  incident: IncidentSnapshot;
  update: IncidentUpdate;
  /** The update's position in the incident, from 1. */
  updateNumber: number;
}

/** A postmortem was published, or edited: the page shows it; subscribers hear of it when `notify`. */
export interface PostmortemPublished extends EventBase {
  type: 'incident.postmortem_published';
  /** With the postmortem in it. */
  incident: IncidentSnapshot;
  revision: number;
  /** Whether subscribers of the affected components are told (at most once per revision). */
  notify: boolean;
}

export interface ComponentStatusChanged extends EventBase {
  type: 'component.status_changed';
  componentId: string;
  from: ComponentStatus;
  to: ComponentStatus;
  /** The incident whose declare, update or resolve caused the change; null for a manual change. */
  incidentId: string | null;
}

/** A scheduled maintenance was scheduled, changed, reminded of, started, verified, completed or cancelled. */
export interface MaintenanceChanged extends EventBase {
  type: 'maintenance.changed';
  maintenance: MaintenanceSnapshot;
  /** The update that tells subscribers; its `moment` says which of the above it is. */
  change: MaintenanceUpdate;
  /** The update's position in the maintenance, from 1. */
  updateNumber: number;
}

export interface OutagePageUpdated extends EventBase {
  type: 'outage_page.updated';
  message: string | null;
}

/** Asks for the status site to be rebuilt though nothing changed, e.g. after a deploy. */
export interface SitePublishRequested extends EventBase {
  type: 'site.publish_requested';
  reason: string;
}

export type DomainEvent =
  | SitePublishRequested
  | IncidentDeclared
  | IncidentUpdated
  | IncidentResolved
  | PostmortemPublished
  | ComponentStatusChanged
  | MaintenanceChanged
  | OutagePageUpdated;
export type DomainEventType = DomainEvent['type'];

/**
 * An event as stored by an earlier version (an outbox entry, a plan): incident events then carried
 * the whole incident, every update inside. Gives it today's shape, so nothing downstream sees both.
 */
export function upgradeEvent(event: DomainEvent): DomainEvent {
  if (!('incident' in event) || !Array.isArray((event.incident as Partial<Incident>).updates)) return event;
  const incident = event.incident as unknown as Incident;
  const update = 'update' in event && event.update ? event.update : incident.updates[0]!;
  const updateNumber = incident.updates.findIndex((u) => u.id === update.id) + 1;
  return { ...event, incident: snapshotOf(incident), update, updateNumber } as DomainEvent;
}
