import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { withRetry } from '../../core/retry';
import type { JobQueue, NotificationJob } from '../../plan/jobs';

class PartialSendError extends Error {
  constructor(readonly failed: number) {
    super(`${failed} job(s) were not accepted by SQS`);
    this.name = 'PartialSendError';
  }
}

/**
 * The notification jobs queue on AWS: SQS, whose Lambda event source runs the notifier with a
 * maximum concurrency. Ten messages a call; entries SQS did not accept are sent again with backoff
 * and jitter. A job's id is its message's, and the workers' ledger ignores a job sent twice.
 */
export class SqsJobQueue implements JobQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(jobs: readonly NotificationJob[], options: { delaySeconds?: number } = {}): Promise<void> {
    const entries = jobs.map((job, i) => ({
      // SQS ids allow letters, digits, - and _ only, and are unique within one call.
      Id: `j${i}`,
      MessageBody: JSON.stringify({ job }),
      DelaySeconds: Math.min(900, options.delaySeconds ?? 0),
    }));
    for (let i = 0; i < entries.length; i += 10) {
      let pending = entries.slice(i, i + 10);
      await withRetry(
        async () => {
          const { Failed = [] } = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }));
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
