import type { DomainEvent } from '../core/events';
import type { PlanJob } from './jobs';

/**
 * The delivery ledger: one entry per key (an X post, an on-call reminder). A delivery is sent only
 * by whoever claims it; once marked sent it is never claimed again, so a retried or duplicated
 * event sends nothing twice.
 */
export interface DeliveryLedger {
  /** True when this caller may send: never claimed, failed before, or a claim whose lease ran out. */
  claim(key: string, leaseSeconds: number): Promise<boolean>;
  markSent(key: string): Promise<void>;
  markFailed(key: string, reason: string): Promise<void>;
}

/** A claimed batch: what earlier attempts did, and the token that proves the claim is ours. */
export interface BatchClaim {
  owner: string;
  /** Positions of the recipients already handled (sent, or refused for good) by earlier attempts. */
  handled: number[];
  attempt: number;
}

/**
 * The ledger of delivery batches: a batch is worked on by one claimant at a time (a lease), its
 * progress is kept after each provider call that leaves some of it to do, and it is finished once.
 * Three to four writes a batch: well under one per email recipient.
 */
export interface BatchLedger {
  /**
   * The batch, ours until the lease ends; `finished` when it was finished before; `held` (with the
   * time its lease ends) while another claimant's lease runs, which may be a worker that died.
   */
  claim(batchId: string, leaseSeconds: number): Promise<BatchClaim | { finished: true } | { heldUntilMs: number }>;
  /** Records which recipients are handled; false when the claim was lost to another worker. */
  saveProgress(batchId: string, claim: BatchClaim, handled: number[]): Promise<boolean>;
  /** Finishes the batch; true only for the one call that finished it (so it is counted once). */
  finish(batchId: string, claim: BatchClaim, outcome: { sent: number; failed: number }): Promise<boolean>;
  /** Gives a claim up early, so the next attempt need not wait for the lease. */
  release(batchId: string, claim: BatchClaim, reason: string): Promise<void>;
}

/** An event's plan as stored: its event, how far planning got, and how many batches are done. */
export interface PlanState {
  eventId: string;
  event: DomainEvent;
  /** The next page to plan, and where it starts in the subscriber listing. */
  step: number;
  cursor: string | null;
  /** All pages are planned. */
  planned: boolean;
  batches: number;
  done: number;
  complete: boolean;
  startedAt: string;
  /** When the last page was planned (null until then). */
  plannedAt: string | null;
  updatedAt: string;
}

/**
 * Plans of events, one item each. Counters are atomic, so any number of workers can report at once;
 * completing is a condition, so exactly one of them sees the plan complete and wakes the next.
 */
export interface PlanStore {
  /** Creates the plan of an event if it has none; returns it as stored. */
  open(event: DomainEvent, now: string): Promise<PlanState>;
  get(eventId: string): Promise<PlanState | undefined>;
  /** Records page `step` as planned with its batches (`next` null: the last page); false when it was recorded before. */
  advance(eventId: string, step: number, batches: number, next: string | null, now: string): Promise<boolean>;
  /**
   * Counts a finished batch once, whoever asks and however often (a crash between finishing and
   * counting is made good by the next attempt); returns the job parked behind the plan when this
   * completed it.
   */
  batchDone(eventId: string, batchId: string, now: string): Promise<{ completed: boolean; next: PlanJob | null }>;
  /** Completes the plan if everything is done; same answer as batchDone. */
  tryComplete(eventId: string, now: string): Promise<{ completed: boolean; next: PlanJob | null }>;
  /**
   * Parks a job to run when this plan completes (the next update of the incident); false when the
   * plan is complete already, so the job may run now.
   */
  park(eventId: string, job: PlanJob): Promise<boolean>;
}

/** A budget of sends shared by every worker, per provider channel and second (see budgetWindow). */
export interface SendBudget {
  /** Takes up to `want` sends while the second's count stays within `limit`; returns how many it got (0: wait). */
  take(channel: string, second: string, want: number, limit: number): Promise<number>;
}

/** What the providers allow right now (SES's account rate, read at run time). */
export interface ProviderLimits {
  emailPerSecond(): Promise<number>;
}
