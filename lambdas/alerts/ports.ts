import type { Actor } from '../core/actor';
import type { ComponentStatus } from '../core/component';
import type { Impact } from '../core/incident';
import type { Integration, IntegrationKeyRecord } from '../core/integration';

/** An incident a firing alert will declare unless on-call cancels it first. */
export interface PlannedDeclaration {
  /** How long after the page changes; `at` is set then. */
  afterSeconds: number;
  at: string | null;
  impact: Impact;
  name: string;
  /** `declaring` is the claim taken before declaring, so a cancel can no longer slip in. */
  state: 'waiting' | 'declaring' | 'declared' | 'cancelled' | 'dropped';
  incidentId?: string;
  cancelledBy?: Actor;
}

/**
 * What Lifeboat knows of one alert (one per integration and alert key) and of its current
 * firing: the rule's decision is copied in when it starts firing, so editing the config later
 * does not change an episode half-way.
 */
export interface AlertRecord {
  id: string;
  integration: Integration;
  key: string;
  name: string;
  summary: string | null;
  componentId: string;
  status: ComponentStatus;
  /** `pending`: firing but not yet held long enough; `active`: shown on the page. */
  state: 'pending' | 'active' | 'resolved';
  /** When this firing began (the sender's startsAt, or when Lifeboat first heard of it). */
  firingSince: string;
  /** When the page changes if the alert is still firing. */
  holdUntil: string;
  declare: PlannedDeclaration | null;
  /** The integration (and secret name) that sent it. */
  actor: Actor;
  updatedAt: string;
  version: number;
}

export interface AlertStore {
  get(id: string): Promise<AlertRecord | undefined>;
  /** Replaces version - 1 (creates at 1); throws VersionConflictError if another write came first. */
  save(record: AlertRecord): Promise<void>;
  /** Every alert that is pending or shown. */
  listOpen(): Promise<AlertRecord[]>;
}

/**
 * Durable one-shot timers (EventBridge Scheduler's at() schedules on AWS, the table locally): the
 * timer called `name` fires at `at` or soon after and runs `AlertService.onTimer(name)`.
 */
export interface AlertTimers {
  /** Sets, or moves, the timer `name`. */
  set(name: string, at: Date): Promise<void>;
  /** Best effort: a timer that fires anyway finds nothing left to do. */
  cancel(name: string): Promise<void>;
}

export interface IntegrationKeyStore {
  findByHash(hash: string): Promise<IntegrationKeyRecord | undefined>;
  put(record: IntegrationKeyRecord): Promise<void>;
}
