/**
 * Runs the response plan for domain events that arrive through SQS. Each record is handled on its
 * own (Powertools batch): a record whose deliveries did not all go out is reported failed, so SQS
 * returns it alone, the ledger lets only its unsent deliveries go again, and after five tries it
 * rests in the dead-letter queue.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { DomainEvent } from '../core/events';
import { composeNotifications } from './notification-composition';

const { dispatcher, ticks, logger } = composeNotifications();
const processor = new BatchProcessor(EventType.SQS);

async function handleRecord(record: SQSRecord): Promise<void> {
  // EventBridge puts the domain event in `detail`.
  const event = (JSON.parse(record.body) as { detail: DomainEvent }).detail;
  const [report] = await Promise.all([dispatcher.handle(event), ticks.onEvent(event)]);
  if (report.failed.length) throw new Error(`${report.failed.length} notification(s) not delivered for ${event.id}`);
  logger.info('Notified', { event: event.id, sent: report.sent, skipped: report.skipped });
}

export const handler = (event: SQSEvent) => processPartialResponse(event, handleRecord, processor);
