import type { LifeboatConfig } from '../core/config';
import type { DomainEvent } from '../core/events';
import type { Clock, Logger, Page } from '../core/ports';
import { type Recipient, recipientOf, type Subscriber } from '../core/subscriber';
import { BATCH_SIZE, type DeliveryChannel, type DeliveryJob, type JobQueue, type PlanJob } from './jobs';
import type { PlanStore } from './ports';
import { announcementOf, type Delivery, momentOf, planDeliveries } from './response-plan';

export interface PlannerDeps {
  config: LifeboatConfig;
  subscribers: { listConfirmed(options: { limit: number; cursor?: string | undefined }): Promise<Page<Subscriber>> };
  plans: PlanStore;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
}

/** Subscribers read per planning step: a bounded amount of work, whatever the audience. */
export const PLAN_PAGE_SIZE = 500;
/** A plan that has not moved for this long was interrupted: a replay of its event re-drives it. */
const STALLED_MS = 60_000;

/**
 * Turns an event into delivery batches, a page of subscribers at a time. The first page is planned
 * as the event arrives, so the first messages leave at once; each further page is a job of its own.
 *
 * Order: an incident's update is planned only once the plan of its previous update has reached
 * everyone (its job is parked on that plan and woken when it completes), so no subscriber hears
 * update N+1 before update N. A plan that stays stuck (a batch dead-lettered) holds the next one back
 * for `orderWaitSeconds` at most.
 */
export class ResponsePlanner {
  constructor(private readonly deps: PlannerDeps) {}

  /**
   * An event arrived (or arrived again): start its plan, or move an interrupted one on. Arriving
   * again, it finishes what a crash in its first step left undone; a plan that made no progress
   * for a minute is re-driven from its first page (finished batches are skipped).
   */
  async start(event: DomainEvent): Promise<void> {
    if (!announcementOf(event)) return;
    const { plans, clock } = this.deps;
    const now = clock.now();
    const existing = await plans.get(event.id);
    if (existing?.complete) return;
    if (existing && existing.step > 0 && now.getTime() - Date.parse(existing.updatedAt) >= STALLED_MS) {
      this.deps.logger.warn('Re-driving an interrupted response plan', { eventId: event.id });
      return this.run({
        kind: 'plan',
        id: `plan:${event.id}:redrive:${now.getTime()}`,
        eventId: event.id,
        step: 0,
        cursor: null,
        redrive: true,
        force: true,
      });
    }
    if (!existing) await plans.open(event, now.toISOString());
    await this.run({ kind: 'plan', id: `plan:${event.id}:0`, eventId: event.id, step: 0, cursor: null });
  }

  /** Plans one page: queues its batches, records it, queues the next page. Safe to run twice. */
  async run(job: PlanJob): Promise<void> {
    const { plans, queue, config, clock } = this.deps;
    const plan = await plans.get(job.eventId);
    if (!plan || (plan.complete && !job.redrive)) return;
    const at = announcementOf(plan.event);
    if (!at) return;
    if (job.step === 0 && !job.force && !job.redrive) {
      const previous = previousAnnouncement(plan.event);
      if (previous && (await plans.park(previous, job))) {
        await queue.enqueue([{ ...job, id: `${job.id}:forced`, force: true }], {
          delaySeconds: config.responsePlan.orderWaitSeconds,
        });
        return;
      }
    }
    if (!job.redrive && job.step < plan.step) {
      // Planned already (a repeated job): make sure what follows it is on its way. Only the page
      // just before the plan's next one queues it, so repeats die out instead of multiplying.
      if (plan.planned) await this.completeIfDone(job.eventId);
      else if (job.step === plan.step - 1) await queue.enqueue([this.nextPage(job, plan.step, plan.cursor)]);
      return;
    }

    const page = await this.deps.subscribers.listConfirmed({ limit: PLAN_PAGE_SIZE, cursor: job.cursor ?? undefined });
    const batches = batchesOf(job.eventId, job.step, planDeliveries(config, at, page.items));
    await queue.enqueue(batches);
    const last = !page.nextCursor;
    // A copy of this page job that recorded the page first also queues what follows: this one stops.
    if (
      !job.redrive &&
      !(await plans.advance(job.eventId, job.step, batches.length, page.nextCursor, clock.now().toISOString()))
    )
      return;
    // Every batch may be done already (a retried or re-driven last page): complete it here then.
    if (last) await this.completeIfDone(job.eventId);
    else await queue.enqueue([this.nextPage(job, job.step + 1, page.nextCursor)]);
  }

  /** Completes the plan if every batch is done, and wakes the plan parked behind it. Safe to repeat. */
  private async completeIfDone(eventId: string): Promise<void> {
    const { next } = await this.deps.plans.tryComplete(eventId, this.deps.clock.now().toISOString());
    if (next) await this.deps.queue.enqueue([next]);
  }

  private nextPage(job: PlanJob, step: number, cursor: string | null): PlanJob {
    const { force: _force, ...rest } = job;
    return { ...rest, id: `plan:${job.eventId}:${step}${job.redrive ? `:${job.id}` : ''}`, step, cursor };
  }
}

/** Cuts deliveries into batches: email by locale, 50 to a batch; SMS and webhooks 10 to a batch. */
export function batchesOf(eventId: string, step: number, deliveries: readonly Delivery[]): DeliveryJob[] {
  const groups = new Map<string, { channel: DeliveryChannel; recipients: Recipient[] }>();
  for (const { channel, subscriber } of deliveries) {
    const key = channel === 'email' ? `email:${subscriber.locale}` : channel;
    const group = groups.get(key) ?? { channel, recipients: [] };
    group.recipients.push(recipientOf(subscriber));
    groups.set(key, group);
  }
  const jobs: DeliveryJob[] = [];
  for (const { channel, recipients } of groups.values()) {
    for (let i = 0; i < recipients.length; i += BATCH_SIZE[channel]) {
      jobs.push({
        kind: 'deliver',
        id: `${eventId}:${step}:${jobs.length}`,
        eventId,
        channel,
        recipients: recipients.slice(i, i + BATCH_SIZE[channel]),
      });
    }
  }
  return jobs;
}

/**
 * The id of the event that announced the incident's previous update, or null for a declare. Update
 * n is announced by `v<n>`. The previous update always notified someone: only a postmortem notifies
 * nobody, and nothing follows a postmortem.
 */
export function previousAnnouncement(event: DomainEvent): string | null {
  const at = momentOf(event);
  if (!at || at.updateNumber <= 1) return null;
  return `incident.${at.incident.id}.v${at.updateNumber - 1}`;
}
