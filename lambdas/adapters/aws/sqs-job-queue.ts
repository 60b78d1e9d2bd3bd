import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { withRetry } from '../../core/retry';
import { type JobQueue, LANES, type Lane, laneOf, type NotificationJob } from '../../plan/jobs';

class PartialSendError extends Error {
  constructor(readonly failed: number) {
    super(`${failed} job(s) were not accepted by SQS`);
    this.name = 'PartialSendError';
  }
}

/**
 * The notification job queues on AWS: one SQS queue per lane, each with a Lambda event source that
 * runs the notifier with a maximum concurrency. Ten messages a call; entries SQS did not accept are
 * sent again with backoff and jitter. The workers' ledger ignores a job sent twice.
 */
export class SqsJobQueue implements JobQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrls: Record<Lane, string>,
  ) {}

  async enqueue(jobs: readonly NotificationJob[], options: { delaySeconds?: number } = {}): Promise<void> {
    for (const lane of LANES) {
      const inLane = jobs.filter((job) => laneOf(job) === lane);
      if (inLane.length) await this.send(this.queueUrls[lane], inLane, options.delaySeconds ?? 0);
    }
  }

  private async send(queueUrl: string, jobs: readonly NotificationJob[], delaySeconds: number): Promise<void> {
    const entries = jobs.map((job, i) => ({
      // SQS ids allow letters, digits, - and _ only, and are unique within one call.
      Id: `j${i}`,
      MessageBody: JSON.stringify({ job }),
      DelaySeconds: Math.min(900, delaySeconds),
    }));
    for (let i = 0; i < entries.length; i += 10) {
      let pending = entries.slice(i, i + 10);
      await withRetry(
        async () => {
          const { Failed = [] } = await this.sqs.send(
            new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }),
          );
          if (Failed.length) {
            const ids = new Set(Failed.map((f) => f.Id));
            pending = pending.filter((entry) => ids.has(entry.Id));
            throw new PartialSendError(Failed.length);
          }
        },
        { attempts: 5, baseDelayMs: 50, maxDelayMs: 1000, retryable: (e) => e instanceof PartialSendError },
      );
    }
  }
}
