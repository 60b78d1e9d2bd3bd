import type { DomainEvent } from '../core/events';
import { BatchHeldError, type BatchReport, type BatchSender } from './batch-sender';
import type { IncidentTicks } from './incident-ticks';
import type { DeliveryJob, JobQueue, NotificationJob } from './jobs';
import type { ResponsePlanner } from './planner';

/**
 * How often a job may find its batch held before it fails like any error (and, past its receives,
 * rests in the dead-letter queue): a lease ends or is finished, so more means something is wrong.
 */
export const MAX_HELD = 10;

/**
 * The response plan's one entry point, the same on AWS (the notifier Lambda) and locally (worker
 * loops): an event starts the plan, and every queued job (a page to plan, a batch to send, a post
 * to make) is run by kind. Everything it does is safe to run twice.
 */
export class NotificationWorker {
  constructor(
    private readonly deps: {
      planner: ResponsePlanner;
      sender: BatchSender;
      ticks: IncidentTicks;
      queue: JobQueue;
      random?: () => number;
      /** Told of every batch sent (local mode's record; metrics). */
      onBatch?: (report: BatchReport) => void;
    },
  ) {}

  async onEvent(event: DomainEvent): Promise<void> {
    await Promise.all([this.deps.planner.start(event), this.deps.ticks.onEvent(event)]);
  }

  async run(job: NotificationJob): Promise<void> {
    switch (job.kind) {
      case 'plan':
        return this.deps.planner.run(job);
      case 'deliver':
        return this.deliver(job);
      case 'social':
        return this.deps.ticks.onSocialJob(job.incidentId, job.network ?? 'x');
    }
  }

  /**
   * A batch held by another worker (alive, or dead with its lease still running) comes back once the
   * lease ends, as a new message: a retry of this one would count a receive each time, and a batch
   * held through as many leases as the queue allows receives would be dead-lettered unsent.
   */
  private async deliver(job: DeliveryJob): Promise<void> {
    try {
      const report = await this.deps.sender.deliver(job);
      if (report) this.deps.onBatch?.(report);
    } catch (error) {
      const held = job.held ?? 0;
      if (!(error instanceof BatchHeldError) || held >= MAX_HELD) throw error;
      const jitterSeconds = (this.deps.random ?? Math.random)() * 5;
      const delaySeconds = Math.min(900, Math.ceil(error.retryAfterMs / 1000 + jitterSeconds));
      await this.deps.queue.enqueue([{ ...job, held: held + 1 }], { delaySeconds });
    }
  }
}
