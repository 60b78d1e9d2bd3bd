import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lambdas/core/events';
import { makeNotifierHandler } from '../../lambdas/handlers/notifier';
import { NotificationDispatcher } from '../../lambdas/plan/dispatcher';
import { IncidentTicks } from '../../lambdas/plan/incident-ticks';
import { OnCallReminder } from '../../lambdas/plan/on-call-reminder';
import { SocialUpdates } from '../../lambdas/plan/social-updates';
import { testConfig } from '../support/config';
import { type TestService, startTestService } from '../support/local-service';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service?.close());

const sqsEvent = (...events: DomainEvent[]): SQSEvent => ({
  Records: events.map((detail, i) => ({
    messageId: `m${i}`,
    receiptHandle: `r${i}`,
    body: JSON.stringify({ 'detail-type': detail.type, source: 'lifeboat', detail }),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 's', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-3:123456789012:notifications',
    awsRegion: 'eu-west-3',
  })),
});

describe('the notifier on a batch of SQS records', () => {
  it('reports only the record whose deliveries failed, so only it is retried and then dead-lettered', async () => {
    const healthy = 'https://hooks.example.com/healthy';
    const broken = 'https://hooks.example.com/broken';
    for (const url of [healthy, broken]) {
      await service.call('POST', '/v1/subscriptions', { key: null, body: { webhook: url, components: [url.endsWith('broken') ? 'db' : 'api'] } });
    }
    const captured: DomainEvent[] = [];
    service.events.subscribe((event) => void captured.push(event));
    await service.call('POST', '/v1/incidents', { body: { name: 'API', impact: 'minor', components: { api: 'degraded_performance' } } });
    await service.call('POST', '/v1/incidents', { body: { name: 'DB', impact: 'minor', components: { db: 'degraded_performance' } } });
    await service.events.idle();
    const [apiDeclared, dbDeclared] = captured.filter((e) => e.type === 'incident.declared');

    service.outbox.answerWebhook(broken, 400); // a permanent refusal: no retry makes it work
    const logger = new Logger({ logLevel: 'SILENT' });
    const scheduler = { start: async () => {}, stop: async () => {} };
    const handler = makeNotifierHandler({
      dispatcher: new NotificationDispatcher({
        config: testConfig,
        subscribers: service.subscribers,
        email: { send: async () => {} },
        sms: service.outbox,
        webhooks: service.outbox,
        ledger: new (class {
          readonly sent = new Set<string>();
          async claim(key: string) {
            return !this.sent.has(key);
          }
          async markSent(key: string) {
            this.sent.add(key);
          }
          async markFailed() {}
        })(),
        logger,
      }),
      ticks: new IncidentTicks({
        config: testConfig,
        incidents: service.services.incidents,
        scheduler,
        social: new SocialUpdates({ config: testConfig, poster: { post: async () => ({ id: 'x' }) }, threads: service.stores.threads, ledger: service.stores.deliveries, rateLimiter: service.stores.rateLimiter, clock: { now: () => new Date() }, logger }),
        reminder: new OnCallReminder({ config: testConfig, email: { send: async () => {} }, sms: service.outbox, ledger: service.stores.deliveries, clock: { now: () => new Date() }, logger }),
      }),
      logger,
    });
    const response = await handler(sqsEvent(apiDeclared!, dbDeclared!));
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
  });
});
