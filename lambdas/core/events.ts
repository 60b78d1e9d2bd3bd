import type { Actor } from './actor';
import type { ComponentStatus } from './component';
import type { Incident, IncidentUpdate } from './incident';

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
  incident: Incident;
}

export interface IncidentUpdated extends EventBase {
  type: 'incident.updated';
  incident: Incident;
  update: IncidentUpdate;
}

export interface IncidentResolved extends EventBase {
  type: 'incident.resolved';
  incident: Incident;
  update: IncidentUpdate;
}

export interface ComponentStatusChanged extends EventBase {
  type: 'component.status_changed';
  componentId: string;
  from: ComponentStatus;
  to: ComponentStatus;
  /** The incident whose declare, update or resolve caused the change; null for a manual change. */
  incidentId: string | null;
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
  | ComponentStatusChanged
  | OutagePageUpdated;
export type DomainEventType = DomainEvent['type'];
