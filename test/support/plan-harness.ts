import { Logger } from '@aws-lambda-powertools/logger';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../lambdas/adapters/aws/dynamodb/client';
import { createTableIfMissing } from '../../lambdas/adapters/aws/dynamodb/create-table';
import { createDynamoDbStores } from '../../lambdas/adapters/aws/dynamodb/stores';
import { DynamoDbSubscriberStore } from '../../lambdas/adapters/aws/dynamodb/subscriber-store';
import { JobWorkers } from '../../lambdas/adapters/local/job-workers';
import { TableJobQueue } from '../../lambdas/adapters/local/table-job-queue';
import { composeCore } from '../../lambdas/composition/core';
import { composeResponsePlan } from '../../lambdas/composition/response-plan';
import { composeSubscribers } from '../../lambdas/composition/subscribers';
import type { LifeboatConfig } from '../../lambdas/core/config';
import type { Impact } from '../../lambdas/core/incident';
import { OutboxRelay } from '../../lambdas/core/outbox-relay';
import {
  type Clock,
  type EmailSender,
  type EventPublisher,
  type SmsSender,
  systemClock,
  type WebhookSender,
} from '../../lambdas/core/ports';
import { type Subscriber, subscriberId } from '../../lambdas/core/subscriber';
import { LOCAL_CREDENTIALS, LOCAL_REGION, type RunningEmulator, startDynamoDb } from '../../lambdas/local/emulators';
import { BATCH_LEASE_SECONDS, type BatchReport } from '../../lambdas/plan/batch-sender';
import { configuredLimits } from '../../lambdas/plan/notification-system';
import type { PlanStore, ProviderLimits } from '../../lambdas/plan/ports';
import type { Time } from '../../lambdas/plan/send-budget';
import { renderPostmortem } from '../../lambdas/render/postmortem-html';

export const HARNESS_TABLE = 'plan';
const ACTOR = { channel: 'api', name: 'on-call' } as const;

export interface PlanHarnessOptions {
  config: LifeboatConfig;
  email: EmailSender;
  sms?: SmsSender;
  webhooks?: WebhookSender;
  /** An existing DynamoDB endpoint (shared by worker processes); a fresh in-memory dynalite otherwise. */
  endpoint?: string;
  clock?: Clock;
  time?: Time;
  limits?: ProviderLimits;
  /** Wraps the relay's sink (to make it fail). */
  sink?: (sink: EventPublisher) => EventPublisher;
  workers?: number;
  retry?: { baseDelayMs?: number; maxDelayMs?: number; attempts?: number };
  /** A batch's lease; the queue's lease is five seconds longer. Default: the production lease. */
  leaseSeconds?: number;
  /** Wraps the plan store (to make it fail at a chosen moment). */
  plans?: (plans: PlanStore) => PlanStore;
}

/**
 * The response plan on the real stores and the real table queue (dynalite), with the providers a
 * test gives it: what local mode runs, minus the HTTP server, so a test or a benchmark can drive it
 * with thousands of subscribers, several worker processes, and failures of its choosing.
 */
export async function startPlanHarness(options: PlanHarnessOptions) {
  const emulator: RunningEmulator | undefined = options.endpoint ? undefined : await startDynamoDb();
  const endpoint = options.endpoint ?? emulator!.endpoint;
  const db = createDocumentClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 10 });
  await createTableIfMissing(db, HARNESS_TABLE).catch(async (error: unknown) => {
    // Another worker process created it in the meantime.
    if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
  });
  const clock = options.clock ?? systemClock;
  const now = () => clock.now().getTime();
  const stores = createDynamoDbStores(db, HARNESS_TABLE, now);
  const logger = new Logger({ logLevel: 'SILENT' });
  const quiet = { publish: async () => {} };
  const adapters = {
    config: options.config,
    stores: options.plans ? { ...stores, plans: options.plans(stores.plans) } : stores,
    events: quiet,
    clock,
    logger,
  };
  const services = composeCore({ ...adapters, renderPostmortem });
  const channels = {
    email: options.email,
    sms: options.sms ?? { send: async () => {}, isOptedOut: async () => false },
    webhooks: options.webhooks ?? { post: async () => ({ status: 200 }) },
  };
  const subscribers = composeSubscribers({
    ...adapters,
    channels,
    tokenKey: async () => 'harness-token-key',
    apiUrl: 'https://api.example',
  });
  const queue = new TableJobQueue(db, HARNESS_TABLE, now, {
    leaseMs: ((options.leaseSeconds ?? BATCH_LEASE_SECONDS) + 5) * 1000,
    maxReceives: 5,
  });
  const batches: BatchReport[] = [];
  const { worker } = composeResponsePlan(
    { ...adapters, channels, services, subscribers },
    {
      posters: { x: { post: async () => ({ id: 'x' }) }, mastodon: undefined, bluesky: undefined },
      queue,
      scheduler: { start: async () => {}, stop: async () => {} },
      limits: options.limits ?? configuredLimits(options.config),
      onBatch: (report) => void batches.push(report),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.time ? { time: options.time } : {}),
      ...(options.leaseSeconds ? { batchLeaseSeconds: options.leaseSeconds } : {}),
    },
  );
  const sink: EventPublisher = {
    publish: async (events) => {
      for (const event of events) await worker.onEvent(event);
    },
  };
  const relay = new OutboxRelay({
    outbox: stores.outbox,
    sink: options.sink ? options.sink(sink) : sink,
    onError: () => {},
  });
  const workers = new JobWorkers(queue, (job) => worker.run(job), {
    workers: options.workers ?? 0,
    pollMs: 25,
    retryBaseMs: 5,
    onError: () => {},
  });

  return {
    db,
    endpoint,
    stores,
    services,
    queue,
    relay,
    workers,
    worker,
    batches,
    /** Declares an incident through the core (its event goes in the outbox). */
    declare: async (
      name: string,
      impact: Impact,
      components: Record<string, 'major_outage' | 'partial_outage' | 'degraded_performance'> = {},
    ) =>
      (await services.incidents.declare({ name, impact, status: 'investigating', components }, { actor: ACTOR }))
        .incident,
    update: async (id: string, body: string) =>
      (await services.incidents.addUpdate(id, { status: 'identified', body }, { actor: ACTOR })).incident,
    /** Relays and runs every due job in this process until nothing is left. */
    async runAll(): Promise<void> {
      for (;;) {
        const { relayed } = await relay.drain({ limit: 1000 });
        let ran = 0;
        while (await workers.runOne()) ran++;
        const idle = !relayed && !ran && !workers.busy;
        if (idle && (await stores.outbox.pending({ limit: 1 })).length === 0 && (await queue.dueWithin(1000)) === 0)
          return;
        if (!relayed && !ran) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close(): Promise<void> {
      await workers.stop();
      db.destroy();
      await emulator?.close();
    },
  };
}

export type PlanHarness = Awaited<ReturnType<typeof startPlanHarness>>;

/**
 * Confirmed subscribers to everything: email (en, or fr every tenth), or SMS, or webhooks. Their
 * ids are derived from channel and address as the subscriber service derives them, so a listing
 * mixes channels as a real one does.
 */
export function audience(counts: { email?: number; sms?: number; webhook?: number }): Subscriber[] {
  const base = {
    components: null,
    state: 'confirmed' as const,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    confirmedAt: '2026-11-01T00:00:00.000Z',
    endedAt: null,
    endedReason: null,
    expiresAt: null,
    consent: [],
    smsCode: null,
    version: 1,
  };
  const people: Subscriber[] = [];
  for (let i = 0; i < (counts.email ?? 0); i++) {
    const address = `p${i}@example.com`;
    people.push({
      ...base,
      id: subscriberId('email', address),
      channel: 'email',
      address,
      locale: i % 10 === 9 ? 'fr' : 'en',
      webhookSecret: null,
    });
  }
  for (let i = 0; i < (counts.sms ?? 0); i++) {
    const address = `+3361${String(i).padStart(7, '0')}`;
    people.push({
      ...base,
      id: subscriberId('sms', address),
      channel: 'sms',
      address,
      locale: 'en',
      webhookSecret: null,
    });
  }
  for (let i = 0; i < (counts.webhook ?? 0); i++) {
    const address = `https://hooks.example.com/${i}`;
    people.push({
      ...base,
      id: subscriberId('webhook', address),
      channel: 'webhook',
      address,
      locale: 'en',
      webhookSecret: `secret-${i}`,
    });
  }
  return people;
}

/**
 * Writes subscribers straight into the table, 25 to a request, in exactly the shape the subscriber
 * store writes (captured from the store itself), so seeding thousands takes seconds.
 */
export async function seedSubscribers(
  db: DynamoDBDocumentClient,
  subscribers: readonly Subscriber[],
  tableName = HARNESS_TABLE,
): Promise<void> {
  const items: Record<string, unknown>[] = [];
  const recorder = {
    send: async (command: { input: { Item: Record<string, unknown> } }) => void items.push(command.input.Item),
  };
  const store = new DynamoDbSubscriberStore(recorder as unknown as DynamoDBDocumentClient, tableName);
  for (const subscriber of subscribers) await store.save(subscriber);
  const requests: Promise<unknown>[] = [];
  for (let i = 0; i < items.length; i += 25) {
    requests.push(
      db.send(
        new BatchWriteCommand({
          RequestItems: { [tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
        }),
      ),
    );
    if (requests.length >= 8) await Promise.all(requests.splice(0));
  }
  await Promise.all(requests);
}
