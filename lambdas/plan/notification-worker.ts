import type { DomainEvent } from '../core/events';
import type { BatchReport, BatchSender } from './batch-sender';
import type { IncidentTicks } from './incident-ticks';
import type { NotificationJob } from './jobs';
import type { ResponsePlanner } from './planner';

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
      case 'deliver': {
        const report = await this.deps.sender.deliver(job);
        if (report) this.deps.onBatch?.(report);
        return;
      }
      case 'social':
        return this.deps.ticks.onSocialJob(job.incidentId, job.network ?? 'x');
    }
  }
}
