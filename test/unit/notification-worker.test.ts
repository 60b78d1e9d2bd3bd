import { describe, expect, it } from 'vitest';
import { BatchHeldError, type BatchSender } from '../../lambdas/plan/batch-sender';
import type { IncidentTicks } from '../../lambdas/plan/incident-ticks';
import type { DeliveryJob, JobQueue, NotificationJob } from '../../lambdas/plan/jobs';
import { MAX_HELD, NotificationWorker } from '../../lambdas/plan/notification-worker';
import type { ResponsePlanner } from '../../lambdas/plan/planner';

const job: DeliveryJob = {
  kind: 'deliver',
  id: 'batch-1',
  eventId: 'incident.abc.declared',
  channel: 'email',
  recipients: [],
};

/** A worker whose sender finds every batch held by another worker for `retryAfterMs` more. */
function workerWithHeldBatches(retryAfterMs: number) {
  const queued: { jobs: readonly NotificationJob[]; delaySeconds: number | undefined }[] = [];
  const queue: JobQueue = {
    enqueue: async (jobs, options) => void queued.push({ jobs, delaySeconds: options?.delaySeconds }),
  };
  const sender = {
    deliver: async (held: DeliveryJob) => {
      throw new BatchHeldError(held.id, retryAfterMs);
    },
  } as unknown as BatchSender;
  const worker = new NotificationWorker({
    planner: {} as ResponsePlanner,
    ticks: {} as IncidentTicks,
    sender,
    queue,
    random: () => 0.5,
  });
  return { worker, queued };
}

describe('a batch held by another worker', () => {
  it('comes back as a new message once the lease ends, instead of failing and counting a receive', async () => {
    const { worker, queued } = workerWithHeldBatches(90_000);

    await worker.run(job);

    expect(queued).toEqual([{ jobs: [{ ...job, held: 1 }], delaySeconds: 93 }]);
  });

  it('keeps its batch id, so the batch is still sent exactly once, and counts how often it was held', async () => {
    const { worker, queued } = workerWithHeldBatches(1_000);

    await worker.run({ ...job, held: 3 });

    expect(queued[0]?.jobs).toEqual([{ ...job, held: 4 }]);
    expect(queued[0]?.delaySeconds).toBe(4);
  });

  it('fails like any error once it was held too often, so the queue retries and dead-letters it', async () => {
    const { worker, queued } = workerWithHeldBatches(1_000);

    await expect(worker.run({ ...job, held: MAX_HELD })).rejects.toBeInstanceOf(BatchHeldError);
    expect(queued).toEqual([]);
  });
});
