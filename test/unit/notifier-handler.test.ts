import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lambdas/core/events';
import { makeNotifierHandler } from '../../lambdas/handlers/notifier';
import type { NotificationJob } from '../../lambdas/plan/jobs';
import type { NotificationWorker } from '../../lambdas/plan/notification-worker';

const record = (messageId: string, body: unknown): SQSEvent['Records'][number] => ({
  messageId,
  receiptHandle: `r-${messageId}`,
  body: JSON.stringify(body),
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '0',
    SenderId: 's',
    ApproximateFirstReceiveTimestamp: '0',
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-west-3:123456789012:notifications',
  awsRegion: 'eu-west-3',
});

const event = {
  type: 'site.publish_requested',
  id: 'e1',
  occurredAt: '2026-11-21T10:00:00Z',
  actor: { channel: 'system', name: 'lifeboat' },
  reason: 'test',
} as DomainEvent;
const job = (id: string): NotificationJob => ({ kind: 'social', id, incidentId: 'i1' });

describe('the notifier on a batch of SQS records', () => {
  it('starts plans from EventBridge events, runs queued jobs, and reports only the record that failed', async () => {
    const started: string[] = [];
    const ran: string[] = [];
    const worker = {
      onEvent: async (e: DomainEvent) => void started.push(e.id),
      run: async (j: NotificationJob) => {
        if (j.id === 'broken') throw new Error('provider down');
        ran.push(j.id);
      },
    } as unknown as NotificationWorker;
    const handler = makeNotifierHandler({ worker, logger: new Logger({ logLevel: 'SILENT' }) });
    const response = await handler({
      Records: [
        record('m0', { 'detail-type': event.type, source: 'lifeboat', detail: event }),
        record('m1', { job: job('fine') }),
        record('m2', { job: job('broken') }),
        record('m3', { unexpected: true }),
      ],
    });
    expect(started).toEqual(['e1']);
    expect(ran).toEqual(['fine']);
    // SQS returns m2 alone after its visibility timeout; after five receives it is dead-lettered.
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
  });
});
