import { Logger } from '@aws-lambda-powertools/logger';
import type { Subscriber } from '../lambdas/core/subscriber';
import { createDocumentClient } from '../lambdas/adapters/aws/dynamodb/client';
import { createTableIfMissing } from '../lambdas/adapters/aws/dynamodb/create-table';
import { DynamoDbDeliveryLedger } from '../lambdas/adapters/aws/dynamodb/delivery-ledger';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDb } from '../lambdas/local/emulators';
import { startLocalService } from '../lambdas/local/local-service';
import { NotificationDispatcher } from '../lambdas/plan/dispatcher';
import type { DeliveryLedger } from '../lambdas/plan/ports';
import type { SubscriberService } from '../lambdas/subscriptions/subscriber-service';
import { History, siteConfig } from '../test/support/site-fixtures';
import type { Measurement } from './status-page';

class MemoryLedger implements DeliveryLedger {
  private readonly sent = new Set<string>();
  async claim(key: string) {
    if (this.sent.has(key)) return false;
    this.sent.add(key);
    return true;
  }
  async markSent() {}
  async markFailed(key: string) {
    this.sent.delete(key);
  }
}

/** The dispatcher over `count` confirmed email subscribers, providers stubbed to accept at once. */
function dispatcherFor(count: number, emailPerSecond: number, onSend: () => void, ledger: DeliveryLedger = new MemoryLedger()) {
  const config = siteConfig();
  config.responsePlan.limits.emailPerSecond = emailPerSecond;
  const subscribers = Array.from(
    { length: count },
    (_, i) => ({ id: `s${i}`, channel: 'email', address: `p${i}@example.com`, components: null, state: 'confirmed', locale: 'en' }) as Subscriber,
  );
  const service = {
    listConfirmed: async ({ limit, cursor }: { limit: number; cursor?: string }) => {
      const start = Number(cursor ?? 0);
      const end = Math.min(start + limit, subscribers.length);
      return { items: subscribers.slice(start, end), nextCursor: end < subscribers.length ? String(end) : null };
    },
    manageUrl: async (s: Subscriber) => `https://api.example/v1/subscriptions/manage?token=${s.id}`,
    unsubscribeUrl: async (s: Subscriber) => `https://api.example/v1/subscriptions/unsubscribe?token=${s.id}`,
    suppress: async () => true,
  } as unknown as SubscriberService;
  const dispatcher = new NotificationDispatcher({
    config,
    subscribers: service,
    email: { send: async () => onSend() },
    sms: { send: async () => onSend(), isOptedOut: async () => false },
    webhooks: { post: async () => ({ status: 200 }) },
    ledger,
    logger: new Logger({ logLevel: 'SILENT' }),
  });
  const incident = new History(config).declare('2026-11-21T10:00:00Z', 'API errors', 'major', { c0: 'major_outage' });
  const event = { type: 'incident.declared' as const, id: 'bench', occurredAt: incident.createdAt, actor: incident.declaredBy, incident };
  return { dispatcher, event };
}

export async function benchNotifications(): Promise<Measurement[]> {
  const results: Measurement[] = [];

  let sent = 0;
  const fast = dispatcherFor(10_000, 1_000_000, () => void sent++);
  const started = performance.now();
  await fast.dispatcher.handle(fast.event);
  const perSecond = sent / ((performance.now() - started) / 1000);
  results.push({
    name: `dispatch to 10,000 subscribers, providers stubbed, in-memory ledger (${sent} sent)`,
    value: Math.round(perSecond),
    unit: '/s',
    target: '>= 2000/s',
    met: perSecond >= 2000 && sent === 10_000,
  });

  // With a real ledger: DynamoDB's wire protocol, on dynalite (a reference, not a target: on AWS the
  // table scales far past one local process).
  const dynamo = await startDynamoDb();
  const db = createDocumentClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await createTableIfMissing(db, 'bench');
  let withLedger = 0;
  const real = dispatcherFor(2000, 1_000_000, () => void withLedger++, new DynamoDbDeliveryLedger(db, 'bench'));
  const realStart = performance.now();
  await real.dispatcher.handle(real.event);
  results.push({
    name: `dispatch to 2,000 subscribers with the DynamoDB ledger on dynalite (${withLedger} sent)`,
    value: Math.round(withLedger / ((performance.now() - realStart) / 1000)),
    unit: '/s',
    target: '(reference)',
    met: withLedger === 2000,
  });
  db.destroy();
  await dynamo.close();

  const sendTimes: number[] = [];
  const limited = dispatcherFor(250, 50, () => void sendTimes.push(performance.now()));
  await limited.dispatcher.handle(limited.event);
  // The rate is what the sends' spacing says: n - 1 intervals from the first send to the last.
  const achieved = (sendTimes.length - 1) / ((sendTimes.at(-1)! - sendTimes[0]!) / 1000);
  results.push({
    name: 'achieved rate with the email limit set to 50/s (250 emails)',
    value: Math.round((achieved / 50) * 1000) / 10,
    unit: '%',
    target: '95-100 %',
    met: achieved >= 47.5 && achieved <= 50,
  });

  // From a declare through the local API to the first email handed to SES (the local emulator).
  const key = 'bench-key';
  const service = await startLocalService({ config: siteConfig(), apiKeys: [{ key, name: 'bench', scope: 'write' }], logLevel: 'SILENT', schedulerTickMs: 0 });
  try {
    const address = 'first@example.com';
    await fetch(`${service.url}/v1/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: address }) });
    const store = async () => ((await (await fetch(`${service.sesEndpoint}/store`)).json()) as { emails: { destination: { to: string[] }; subject: string; body: { text: string } }[] }).emails;
    const confirm = (await store()).find((e) => e.destination.to.includes(address))!.body.text.match(/https?:\/\/\S+confirm\S+/)![0];
    await fetch(confirm, { method: 'POST' }); // the link shows a page; its button POSTs
    const declared = performance.now();
    await fetch(`${service.url}/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench outage', impact: 'major', components: { c0: 'major_outage' } }),
    });
    while (!(await store()).some((e) => e.subject.includes('Bench outage'))) await new Promise((resolve) => setTimeout(resolve, 5));
    const latency = performance.now() - declared;
    results.push({ name: 'local mode: declare until the first email is handed to SES', value: Math.round(latency), unit: 'ms', target: '< 1000 ms', met: latency < 1000 });
  } finally {
    await service.close();
  }
  return results;
}
