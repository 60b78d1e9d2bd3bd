import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config';
import { ProviderUnavailableError } from '../../lambdas/core/errors';
import type { BulkEmail, BulkOutcome, EmailSender } from '../../lambdas/core/ports';
import { BATCH_LEASE_SECONDS } from '../../lambdas/plan/batch-sender';
import {
  audience,
  type PlanHarness,
  type PlanHarnessOptions,
  seedSubscribers,
  startPlanHarness,
} from '../support/plan-harness';
import { seededRandom } from '../support/random';

const config = (limits: Record<string, number> = {}) =>
  parseConfig(
    {
      page: { name: 'Acme Cloud', url: 'https://status.acme.example', timeZone: 'UTC' },
      components: [{ id: 'api', name: 'API' }],
      responsePlan: {
        limits: { emailPerSecond: 100_000, smsPerSecond: 100_000, webhooksPerSecond: 100_000, ...limits },
      },
    },
    'test',
  );

let harness: PlanHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(
  options: Partial<PlanHarnessOptions> & { email: EmailSender },
  people: Parameters<typeof audience>[0],
  limits?: Record<string, number>,
) {
  harness = await startPlanHarness({ config: config(limits), retry: { baseDelayMs: 1, maxDelayMs: 2 }, ...options });
  await seedSubscribers(harness.db, audience(people));
  return harness;
}

/** A bulk email sender that records who got what, refusing or throttling as told. */
function bulkInbox(
  behaviour: {
    refuse?: (to: string) => boolean;
    throttle?: () => boolean;
    delayMs?: () => number;
    label?: (bulk: BulkEmail) => string;
  } = {},
) {
  const received = new Map<string, string[]>();
  const calls: { size: number; subject: string; text: string; at: number }[] = [];
  const sender: EmailSender = {
    send: async () => {
      throw new Error('single sends are not expected');
    },
    sendBulk: async (bulk: BulkEmail): Promise<BulkOutcome[]> => {
      const delay = behaviour.delayMs?.() ?? 0;
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      if (behaviour.throttle?.())
        throw new ProviderUnavailableError('Maximum sending rate exceeded.', { throttled: true });
      calls.push({ size: bulk.recipients.length, subject: bulk.subject, text: bulk.text, at: Date.now() });
      return bulk.recipients.map((r) => {
        if (behaviour.refuse?.(r.to)) return { ok: false, error: 'MessageRejected' };
        received.set(r.to, [...(received.get(r.to) ?? []), behaviour.label?.(bulk) ?? bulk.subject]);
        return { ok: true };
      });
    },
  };
  return { sender, received, calls };
}

const seeded = (seed: number) => seededRandom(seed).next;

describe('fanning out a plan', () => {
  it('sends email in bulk, 50 recipients a call and one locale a call, each marked by its own outcome', async () => {
    const inbox = bulkInbox({ refuse: (to) => to === 'p7@example.com' });
    const h = await start({ email: inbox.sender }, { email: 120 });
    await h.declare('API errors', 'major', { api: 'major_outage' });
    await h.runAll();
    expect(inbox.calls.map((c) => c.size).sort((a, b) => a - b)).toEqual([8, 12, 50, 50]);
    // The subject is the same in both languages; the status opening the body tells them apart.
    expect(inbox.calls.filter((c) => c.text.startsWith('Analyse en cours')).map((c) => c.size)).toEqual([12]);
    expect(inbox.received.size).toBe(119);
    expect(inbox.received.has('p7@example.com')).toBe(false);
    const sent = h.batches.reduce((n, b) => n + b.sent, 0);
    expect(sent).toBe(119);
    expect(h.batches.flatMap((b) => b.failed)).toEqual([{ to: 'p7@example.com', reason: 'MessageRejected' }]);
  });

  it('gets exactly one message to everyone when 30% of SES and SNS calls are throttled', async () => {
    const random = seeded(42);
    const inbox = bulkInbox({ throttle: () => random() < 0.3 });
    const texts = new Map<string, number>();
    const h = await start(
      {
        email: inbox.sender,
        sms: {
          isOptedOut: async () => false,
          send: async ({ to }) => {
            if (random() < 0.3) throw new ProviderUnavailableError('Rate exceeded', { throttled: true });
            texts.set(to, (texts.get(to) ?? 0) + 1);
          },
        },
      },
      { email: 200, sms: 100 },
    );
    await h.declare('API errors', 'major', { api: 'major_outage' });
    await h.runAll();
    expect([...inbox.received.values()].map((subjects) => subjects.length)).toEqual(Array(200).fill(1));
    expect([...texts.values()]).toEqual(Array(100).fill(1));
    expect(h.batches.reduce((n, b) => n + b.throttled, 0)).toBeGreaterThan(0);
  });

  it('reports a receiver that refuses for good, tries it once, and still completes the plan', async () => {
    const calls: string[] = [];
    const h = await start(
      {
        email: bulkInbox().sender,
        webhooks: {
          post: async (url) => {
            calls.push(url);
            return { status: url.endsWith('/3') ? 410 : 200 };
          },
        },
      },
      { webhook: 12 },
    );
    const incident = await h.declare('API errors', 'minor', { api: 'degraded_performance' });
    await h.runAll();
    expect(calls.filter((url) => url.endsWith('/3'))).toHaveLength(1);
    expect(calls).toHaveLength(12);
    expect(h.batches.flatMap((b) => b.failed)).toEqual([
      { to: 'https://hooks.example.com/3', reason: 'the receiver answered 410' },
    ]);
    expect(await h.stores.plans.get(`incident.${incident.id}.v1`)).toMatchObject({
      complete: true,
      batches: 2,
      done: 2,
    });
  });

  it('never gives a subscriber update N+1 before update N, with four workers racing', async () => {
    const random = seeded(7);
    const updates = ['Found it', 'Rolling back', 'Rolled back'];
    const inbox = bulkInbox({
      delayMs: () => Math.floor(random() * 15),
      label: (bulk) => updates.find((u) => bulk.text.includes(u)) ?? 'declared',
    });
    const h = await start({ email: inbox.sender, workers: 4 }, { email: 600 });
    h.workers.start();
    const incident = await h.declare('API errors', 'major', { api: 'major_outage' });
    await h.relay.drain();
    for (const body of updates) {
      await h.update(incident.id, body);
      await h.relay.drain();
    }
    await h.runAll();
    await h.workers.stop();
    expect(inbox.received.size).toBe(600);
    for (const heard of inbox.received.values()) expect(heard).toEqual(['declared', ...updates]);
    const plans = await Promise.all([1, 2, 3, 4].map((v) => h.stores.plans.get(`incident.${incident.id}.v${v}`)));
    // Two pages of 500 subscribers, each cut into English and French batches of up to 50.
    for (const plan of plans) {
      expect(plan).toMatchObject({
        complete: true,
        planned: true,
        batches: plans[0]!.batches,
        done: plans[0]!.batches,
      });
      expect(plan!.batches).toBeGreaterThanOrEqual(13);
    }
  });

  it('keeps all workers together within the provider rate, with two events at once', async () => {
    const inbox = bulkInbox();
    const h = await start({ email: inbox.sender, workers: 4 }, { email: 300 }, { emailPerSecond: 200 });
    h.workers.start();
    await h.declare('API errors', 'major', { api: 'major_outage' });
    await h.declare('Dashboard errors', 'major', { api: 'major_outage' });
    await h.runAll();
    await h.workers.stop();
    expect(inbox.calls.reduce((n, c) => n + c.size, 0)).toBe(600);
    // What the shared budget granted, second by second: every send went through it, no second got
    // more than the rate, and 600 sends at 200 a second took at least three seconds.
    const first = Math.floor(inbox.calls[0]!.at / 1000) - 2;
    const last = Math.floor(inbox.calls.at(-1)!.at / 1000);
    const granted: number[] = [];
    for (let second = first; second <= last; second++) {
      const { Item } = await h.db.send(
        new GetCommand({ TableName: 'plan', Key: { pk: `BUDGET#email#${second}`, sk: '#' } }),
      );
      if (Item) granted.push(Number(Item.used));
    }
    expect(granted.reduce((a, b) => a + b, 0)).toBe(600);
    expect(Math.max(...granted)).toBeLessThanOrEqual(200);
    expect(granted.length).toBeGreaterThanOrEqual(3);
  });

  it('leaves a batch claimed by a worker that died to the next worker once its lease runs out', async () => {
    let offset = 0;
    const clock = { now: () => new Date(Date.now() + offset) };
    const inbox = bulkInbox();
    const h = await start({ email: inbox.sender, clock }, { email: 60 });
    const incident = await h.declare('API errors', 'major', { api: 'major_outage' });
    await h.relay.drain();
    // A worker claims the first batch (50 English recipients) and is killed before sending anything.
    expect(await h.stores.batches.claim(`incident.${incident.id}.v1:0:0`, BATCH_LEASE_SECONDS)).toHaveProperty('owner');
    await h.runAll();
    expect(inbox.received.size).toBe(10);
    const plan = `incident.${incident.id}.v1`;
    expect(await h.stores.plans.get(plan)).toMatchObject({ complete: false, done: 2, batches: 3 });
    // Its job is back in the queue, due when the lease ends: then the batch is the next worker's.
    offset += (BATCH_LEASE_SECONDS + 5) * 1000;
    await h.runAll();
    expect(inbox.received.size).toBe(60);
    expect([...inbox.received.values()].every((s) => s.length === 1)).toBe(true);
    expect(await h.stores.plans.get(plan)).toMatchObject({ complete: true, done: 3 });
  });

  it('tells a worker that finds a batch held when it can be claimed, and it can be then, not before', async () => {
    let nowMs = Date.parse('2026-12-03T10:00:00.400Z');
    const clock = { now: () => new Date(nowMs) };
    const h = await start({ email: bulkInbox().sender, clock }, {});
    const batch = 'incident.held.v1:0:0';
    expect(await h.stores.batches.claim(batch, 30)).toHaveProperty('owner');
    // Half a second before and just after its lease's last second, the batch is still held...
    for (const at of ['2026-12-03T10:00:29.900Z', '2026-12-03T10:00:30.500Z']) {
      nowMs = Date.parse(at);
      const held = await h.stores.batches.claim(batch, 30);
      expect(held, at).toEqual({ heldUntilMs: Date.parse('2026-12-03T10:00:31.000Z') });
    }
    // ...and at the moment it said, another worker takes it.
    nowMs = Date.parse('2026-12-03T10:00:31.000Z');
    expect(await h.stores.batches.claim(batch, 30)).toHaveProperty('owner');
  });

  it('completes a plan whose completion a crash interrupted, and wakes the update waiting behind it', async () => {
    let crashes = 1;
    const h = await start(
      {
        email: bulkInbox().sender,
        plans: (plans) =>
          Object.assign(Object.create(plans) as typeof plans, {
            // The worker dies right after recording the last page, before completing the plan.
            tryComplete: async (eventId: string, now: string) => {
              if (crashes-- > 0) throw new Error('killed');
              return plans.tryComplete(eventId, now);
            },
          }),
      },
      // Nobody to send to: no batch will ever complete this plan; only its retried event can.
      {},
    );
    const incident = await h.declare('API errors', 'major', { api: 'major_outage' });
    await h.update(incident.id, 'Found it');
    await h.runAll();
    expect(crashes).toBeLessThan(0);
    expect(await h.stores.plans.get(`incident.${incident.id}.v1`)).toMatchObject({
      complete: true,
      planned: true,
      batches: 0,
    });
    // The update's plan was parked behind it, and woken when it completed.
    expect(await h.stores.plans.get(`incident.${incident.id}.v2`)).toMatchObject({ complete: true });
  });

  it('counts a batch that a crash left finished but uncounted when its job comes again, once', async () => {
    let crashes = 1;
    const inbox = bulkInbox();
    const h = await start(
      {
        email: inbox.sender,
        plans: (plans) =>
          Object.assign(Object.create(plans) as typeof plans, {
            // The worker dies after the ledger says "finished", before the plan counts the batch.
            batchDone: async (eventId: string, batchId: string, now: string) => {
              if (crashes-- > 0) throw new Error('killed');
              return plans.batchDone(eventId, batchId, now);
            },
          }),
      },
      { email: 120 },
    );
    const incident = await h.declare('API errors', 'major', { api: 'major_outage' });
    await h.runAll();
    expect(crashes).toBeLessThan(0);
    const plan = await h.stores.plans.get(`incident.${incident.id}.v1`);
    expect(plan).toMatchObject({ complete: true });
    expect(plan!.done).toBe(plan!.batches);
    expect(inbox.received.size).toBe(120);
    expect([...inbox.received.values()].every((heard) => heard.length === 1)).toBe(true);
    // Counting again changes nothing.
    await h.stores.plans.batchDone(
      `incident.${incident.id}.v1`,
      `incident.${incident.id}.v1:0:0`,
      new Date().toISOString(),
    );
    expect((await h.stores.plans.get(`incident.${incident.id}.v1`))!.done).toBe(plan!.batches);
  });
});
