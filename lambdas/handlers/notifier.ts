import type { Logger } from '@aws-lambda-powertools/logger';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { DomainEvent } from '../core/events';
import type { NotificationDispatcher } from '../plan/dispatcher';
import type { IncidentTicks } from '../plan/incident-ticks';

/**
 * Runs the response plan for domain events that arrive through SQS. Each record is handled on its
 * own (Powertools batch): a record whose deliveries did not all go out is reported failed, so SQS
 * returns it alone, the ledger lets only its unsent deliveries go again, and after five tries it
 * rests in the dead-letter queue.
 */
export function makeNotifierHandler(deps: { dispatcher: NotificationDispatcher; ticks: IncidentTicks; logger: Logger }) {
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: SQSRecord): Promise<void> => {
    // EventBridge puts the domain event in `detail`.
    const event = (JSON.parse(record.body) as { detail: DomainEvent }).detail;
    const [report] = await Promise.all([deps.dispatcher.handle(event), deps.ticks.onEvent(event)]);
    if (report.failed.length) throw new Error(`${report.failed.length} notification(s) not delivered for ${event.id}`);
    deps.logger.info('Notified', { event: event.id, sent: report.sent, skipped: report.skipped });
  };
  return (event: SQSEvent): Promise<SQSBatchResponse> => processPartialResponse(event, handleRecord, processor);
}
