import type { SocialNetwork } from '../core/config';
import type { Recipient } from '../core/subscriber';

/** The subscriber channels a plan delivers on (social networks are a broadcast, handled by SocialUpdates). */
export type DeliveryChannel = 'email' | 'sms' | 'webhook';

/**
 * Plans one page of an event's audience: reads a bounded page of subscribers, cuts it into
 * delivery batches, queues them, and queues the next page. No job's work grows with the audience.
 */
export interface PlanJob {
  kind: 'plan';
  id: string;
  eventId: string;
  step: number;
  /** Where this page starts in the subscriber listing; null for the first. */
  cursor: string | null;
  /** Re-queues the batches of pages already planned (a replay of an interrupted plan). */
  redrive?: boolean;
  /** Starts even though the previous update's plan has not finished (it waited long enough). */
  force?: boolean;
}

/**
 * Sends one batch: up to 50 emails of one locale in one provider call, or up to 10 SMS or webhooks
 * one after the other. The recipients are frozen here: who, on which channel, in which locale.
 */
export interface DeliveryJob {
  kind: 'deliver';
  id: string;
  eventId: string;
  channel: DeliveryChannel;
  recipients: Recipient[];
  /** How many times the job found its batch held by another worker and was queued again. */
  held?: number;
}

/** Posts an incident's latest state on one social network, once the spacing since its last post there allows. */
export interface SocialJob {
  kind: 'social';
  id: string;
  incidentId: string;
  /** Absent in jobs queued when X was the only network. */
  network?: SocialNetwork;
}

export type NotificationJob = PlanJob | DeliveryJob | SocialJob;

/**
 * The lanes jobs wait in: planning (and posts), and one per provider. A channel waiting out its
 * rate then holds up only its own lane: a second of spent email budget never delays an SMS.
 */
export const LANES = ['plan', 'email', 'sms', 'webhook'] as const;
export type Lane = (typeof LANES)[number];
export const laneOf = (job: NotificationJob): Lane => (job.kind === 'deliver' ? job.channel : 'plan');

/**
 * Where jobs wait for a worker, each in its lane: SQS queues on AWS, the table locally. At least
 * once; jobs are idempotent.
 */
export interface JobQueue {
  /** `delaySeconds` (at most 900) keeps the jobs out of reach until then. */
  enqueue(jobs: readonly NotificationJob[], options?: { delaySeconds?: number }): Promise<void>;
}

export const BATCH_SIZE: Record<DeliveryChannel, number> = {
  // SES's SendBulkEmail takes up to 50 destinations a call.
  email: 50,
  // One provider call each; ten to a job keeps queue traffic low, and a crash repeats at most one.
  sms: 10,
  webhook: 10,
};
