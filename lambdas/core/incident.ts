import type { Actor } from './actor';
import type { ComponentStatus } from './component';
import type { Postmortem } from './postmortem';
import * as z from './schema';

export const Impact = z.enum(['none', 'minor', 'major', 'critical']);
export type Impact = z.infer<typeof Impact>;

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'] as const;
export const IncidentStatus = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

/** The statuses of an incident that is still going on. */
export const OPEN_STATUSES = ['investigating', 'identified', 'monitoring'] as const;
export const OpenIncidentStatus = z.enum(OPEN_STATUSES);
export type OpenIncidentStatus = z.infer<typeof OpenIncidentStatus>;

export const isOpen = (incident: Pick<Incident, 'status'>): boolean =>
  (OPEN_STATUSES as readonly string[]).includes(incident.status);

/** How one update moved one component, as Statuspage's `affected_components` shows it. */
export interface ComponentChange {
  componentId: string;
  from: ComponentStatus;
  to: ComponentStatus;
}

export interface IncidentUpdate {
  id: string;
  status: IncidentStatus;
  body: string;
  author: Actor;
  createdAt: string;
  componentChanges: ComponentChange[];
  /** Set when the update came with an Idempotency-Key: a fingerprint of the request. */
  requestHash?: string;
}

export interface Incident {
  id: string;
  name: string;
  impact: Impact;
  status: IncidentStatus;
  /** Every component this incident affects, with the status the incident currently gives it. */
  components: Record<string, ComponentStatus>;
  /** Oldest first. */
  updates: IncidentUpdate[];
  createdAt: string;
  updatedAt: string;
  startedAt: string;
  identifiedAt: string | null;
  monitoringAt: string | null;
  resolvedAt: string | null;
  declaredBy: Actor;
  /** Optimistic-concurrency counter: every stored write increments it by one. */
  version: number;
  /** Set when the declare came with an Idempotency-Key: a fingerprint of the request. */
  requestHash?: string;
  /** The postmortem, once published (the incident's status is then `postmortem`). */
  postmortem?: Postmortem;
}

/**
 * The incident as an event carries it: every field but its updates (the announced update travels
 * beside it, whole), so an event is the same size however many updates the incident has.
 */
export interface IncidentSnapshot extends Omit<Incident, 'updates'> {
  /** The declare's update: emails of later updates reply to its thread. */
  firstUpdateId: string;
}

export function snapshotOf({ updates, ...incident }: Incident): IncidentSnapshot {
  return { ...incident, firstUpdateId: updates[0]!.id };
}

/** What renders an incident's messages takes: a stored incident, or an event's snapshot of one. */
export type IncidentOrSnapshot = Incident | IncidentSnapshot;

/** Whether the update is the incident's first (its declare), from a stored incident or a snapshot. */
export const isFirstUpdate = (incident: IncidentOrSnapshot, update: Pick<IncidentUpdate, 'id'>): boolean =>
  ('firstUpdateId' in incident ? incident.firstUpdateId : incident.updates[0]?.id) === update.id;
