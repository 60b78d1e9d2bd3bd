import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type DomainEvent, upgradeEvent } from '../core/events';
import type { Logger } from '../core/ports';
import type { NotificationJob } from '../plan/jobs';
import type { NotificationWorker } from '../plan/notification-worker';

/**
 * The notifier: runs the response plan from its SQS queue, where two kinds of message arrive —
 * domain events from EventBridge (`detail`), which start a plan, and the plan's own jobs (`job`):
 * pages to plan, batches to send, posts to make. Each record is handled on its own (Powertools
 * batch): a failed one is reported alone, SQS returns it after its visibility timeout, and after
 * five receives it rests in the dead-letter queue.
 */
export function makeNotifierHandler(deps: { worker: NotificationWorker; logger: Logger }) {
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const body = JSON.parse(record.body) as { detail?: DomainEvent; job?: NotificationJob };
    if (body.job) return deps.worker.run(body.job);
    if (body.detail) return deps.worker.onEvent(upgradeEvent(body.detail));
    deps.logger.warn('Ignoring a message that is neither an event nor a job', { messageId: record.messageId });
  };
  return (event: SQSEvent): Promise<SQSBatchResponse> => processPartialResponse(event, handleRecord, processor);
}
