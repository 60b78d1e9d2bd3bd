import type { Actor } from './actor';
import * as z from './schema';

/**
 * A scheduled maintenance, as Statuspage models it: an incident-like record with a window
 * (`scheduledFor` to `scheduledUntil`), its own statuses and the impact `maintenance`. While it is
 * in progress (or being verified) its components show `under_maintenance`.
 */
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed', 'cancelled'] as const;
export const MaintenanceStatus = z.enum(MAINTENANCE_STATUSES);
export type MaintenanceStatus = z.infer<typeof MaintenanceStatus>;

/** The statuses of a maintenance whose components are under maintenance. */
export const ACTIVE_MAINTENANCE_STATUSES = ['in_progress', 'verifying'] as const;

export const isActiveMaintenance = (m: Pick<Maintenance, 'status'>): boolean =>
  (ACTIVE_MAINTENANCE_STATUSES as readonly string[]).includes(m.status);

/** Neither completed nor cancelled: still on the calendar. */
export const isCurrentMaintenance = (m: Pick<Maintenance, 'status'>): boolean =>
  m.status !== 'completed' && m.status !== 'cancelled';

/** What an update of a maintenance told subscribers, beyond its status. */
export const MAINTENANCE_MOMENTS = [
  'scheduled',
  'rescheduled',
  'reminder',
  'started',
  'verifying',
  'completed',
  'cancelled',
  'updated',
] as const;
export type MaintenanceMoment = (typeof MAINTENANCE_MOMENTS)[number];

export interface MaintenanceUpdate {
  id: string;
  status: MaintenanceStatus;
  moment: MaintenanceMoment;
  body: string;
  author: Actor;
  createdAt: string;
  /** For a reminder: how many minutes before the start it was meant for. */
  reminderMinutes?: number;
  /** Set when the request came with an Idempotency-Key: a fingerprint of it. */
  requestHash?: string;
}

export interface Maintenance {
  id: string;
  name: string;
  impact: 'maintenance';
  status: MaintenanceStatus;
  /** Ids of the components under maintenance during the window. */
  components: string[];
  scheduledFor: string;
  scheduledUntil: string;
  /** Oldest first. */
  updates: MaintenanceUpdate[];
  /** The reminders already sent for the current window, by minutes before the start. */
  remindersSent: number[];
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  completedAt: string | null;
  scheduledBy: Actor;
  /** Optimistic-concurrency counter: every stored write increments it by one. */
  version: number;
  requestHash?: string;
}

/** The maintenance as an event carries it: every field but its updates (the announced one travels beside it). */
export type MaintenanceSnapshot = Omit<Maintenance, 'updates'>;

export function maintenanceSnapshotOf({ updates: _updates, ...maintenance }: Maintenance): MaintenanceSnapshot {
  return maintenance;
}
