import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import type { BulkEmail, BulkOutcome, EmailMessage, EmailSender } from '../../lambdas/core/ports';
import type { Subscriber } from '../../lambdas/core/subscriber';
import { NotificationDispatcher } from '../../lambdas/plan/dispatcher';
import type { DeliveryLedger } from '../../lambdas/plan/ports';
import type { SubscriberService } from '../../lambdas/subscriptions/subscriber-service';
import { History, siteConfig } from '../support/site-fixtures';

class MemoryLedger implements DeliveryLedger {
  readonly states = new Map<string, string>();
  async claim(key: string) {
    const state = this.states.get(key);
    if (state === 'sent' || state === 'sending') return false;
    this.states.set(key, 'sending');
    return true;
  }
  async markSent(key: string) {
    this.states.set(key, 'sent');
  }
  async markFailed(key: string) {
    this.states.set(key, 'failed');
  }
}

const throttled = () => Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' });

function setup(
  subscribers: Subscriber[],
  email: ((m: EmailMessage) => Promise<void>) | EmailSender,
  sharedLedger?: DeliveryLedger,
  sms: (m: { to: string; body: string }) => Promise<void> = async () => {},
) {
  const config = siteConfig();
  // Pacing is tested on its own.
  Object.assign(config.responsePlan.limits, { emailPerSecond: 100_000, smsPerSecond: 100_000, webhooksPerSecond: 100_000 });
  const ledger = sharedLedger ?? new MemoryLedger();
  const fakeSubscribers = {
    listConfirmed: async () => ({ items: subscribers, nextCursor: null }),
    manageUrl: async (s: Subscriber) => `https://api.example/manage?${s.id}`,
    unsubscribeUrl: async (s: Subscriber) => `https://api.example/unsubscribe?${s.id}`,
    suppress: async () => true,
  } as unknown as SubscriberService;
  const dispatcher = new NotificationDispatcher({
    config,
    subscribers: fakeSubscribers,
    email: typeof email === 'function' ? { send: email } : email,
    sms: { send: sms, isOptedOut: async () => false },
    webhooks: { post: async () => ({ status: 200 }) },
    ledger,
    logger: new Logger({ logLevel: 'SILENT' }),
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });
  const history = new History(config);
  const incident = history.declare('2026-11-21T10:00:00Z', 'API errors', 'major', { c0: 'major_outage' });
  const event = { type: 'incident.declared' as const, id: 'e1', occurredAt: incident.createdAt, actor: incident.declaredBy, incident };
  return { dispatcher, ledger, event };
}

const people = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `s${i}`, channel: 'email', address: `p${i}@example.com`, components: null, state: 'confirmed', locale: 'en' }) as Subscriber);

/** The ledger as DynamoDB keeps it: a claim holds a lease; an expired lease can be claimed again. */
class LeasedLedger implements DeliveryLedger {
  readonly entries = new Map<string, { state: string; leaseUntil: number }>();
  constructor(private readonly now: () => number) {}
  async claim(key: string, leaseSeconds: number) {
    const entry = this.entries.get(key);
    if (entry && (entry.state === 'sent' || (entry.state === 'sending' && entry.leaseUntil > this.now()))) return false;
    this.entries.set(key, { state: 'sending', leaseUntil: this.now() + leaseSeconds * 1000 });
    return true;
  }
  async markSent(key: string) {
    this.entries.set(key, { state: 'sent', leaseUntil: 0 });
  }
  async markFailed(key: string) {
    this.entries.set(key, { state: 'failed', leaseUntil: 0 });
  }
}

describe('bulk email', () => {
  it('sends 50 recipients a call, per locale, and marks each by its own outcome', async () => {
    const english = people(110);
    const french = Array.from({ length: 10 }, (_, i) => ({ ...people(1)[0]!, id: `f${i}`, address: `f${i}@example.com`, locale: 'fr' }) as Subscriber);
    const calls: { size: number; subject: string; text: string }[] = [];
    const { dispatcher, event } = setup([...english, ...french], {
      send: async () => {
        throw new Error('single sends are not expected');
      },
      sendBulk: async (bulk: BulkEmail): Promise<BulkOutcome[]> => {
        calls.push({ size: bulk.recipients.length, subject: bulk.subject, text: bulk.text });
        expect(bulk.text).toContain('{{{manage}}}');
        return bulk.recipients.map((r) => (r.to === 'p7@example.com' ? { ok: false, error: 'MessageRejected' } : { ok: true }));
      },
    });
    const report = await dispatcher.handle(event);
    expect(calls.map((c) => c.size).sort((a, b) => a - b)).toEqual([10, 10, 50, 50]);
    // One subject per incident in every locale; the status, first in the body, says the language.
    expect(new Set(calls.map((c) => c.subject))).toEqual(new Set(['[Acme Cloud] API errors']));
    expect(calls.filter((c) => c.text.startsWith('Analyse en cours')).map((c) => c.size)).toEqual([10]);
    expect(report.sent).toBe(119);
    expect(report.failed).toEqual([{ key: expect.stringContaining(':s7:email'), reason: 'MessageRejected' }]);
  });
});

describe('delivering the plan', () => {
  it('still gets exactly one message to everyone when a worker dies mid-batch', async () => {
    let now = Date.parse('2026-11-21T10:00:00Z');
    const ledger = new LeasedLedger(() => now);
    const received = new Map<string, number>();
    const deliver = (to: string) => received.set(to, (received.get(to) ?? 0) + 1);

    // Worker A delivers 30 messages, then every send hangs: the process is gone, its claims stay.
    let sendsByA = 0;
    const a = setup(
      people(300),
      async (message) => {
        if (++sendsByA > 30) return new Promise<void>(() => {});
        deliver(message.to);
      },
      ledger,
    );
    void a.dispatcher.handle(a.event);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received.size).toBe(30);

    // SQS gives the record to worker B after the visibility timeout, past the claims' lease.
    now += 10 * 60_000;
    const b = setup(people(300), async (message) => void deliver(message.to), ledger);
    const report = await b.dispatcher.handle(b.event);
    expect(report.failed).toEqual([]);
    expect(received.size).toBe(300);
    expect([...received.values()].every((n) => n === 1)).toBe(true);
  });

  it('gets exactly one message to everyone when 30% of SES and SNS calls are throttled', async () => {
    const received = new Map<string, number>();
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const receive = async ({ to }: { to: string }) => {
      if (random() < 0.3) throw throttled();
      received.set(to, (received.get(to) ?? 0) + 1);
    };
    const phones = Array.from({ length: 100 }, (_, i) => ({ id: `t${i}`, channel: 'sms', address: `+336123${String(i).padStart(5, '0')}`, components: null, state: 'confirmed', locale: 'en' }) as Subscriber);
    const { dispatcher, event } = setup([...people(100), ...phones], receive, undefined, async (sms) => {
      if (random() < 0.3) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      received.set(sms.to, (received.get(sms.to) ?? 0) + 1);
    });
    // As on AWS: a record whose deliveries did not all go out comes back from the queue.
    let sent = 0;
    for (let delivery = 1; delivery <= 5; delivery++) {
      const report = await dispatcher.handle(event);
      sent += report.sent;
      if (report.failed.length === 0) break;
    }
    expect(sent).toBe(200);
    expect([...received.values()]).toEqual(Array(200).fill(1));
    // Delivered again (a retried event), nothing more is sent.
    expect(await dispatcher.handle(event)).toMatchObject({ sent: 0, skipped: 200 });
  });

  it('marks a permanently failing address failed, and retries only it on redelivery', async () => {
    const received: string[] = [];
    let healed = false;
    const ledger = new MemoryLedger();
    const { dispatcher, event } = setup(
      people(3),
      async (message) => {
        if (message.to === 'p1@example.com' && !healed) throw throttled();
        received.push(message.to);
      },
      ledger,
    );
    const first = await dispatcher.handle(event);
    expect(first.sent).toBe(2);
    expect(first.failed).toEqual([{ key: expect.stringContaining(':s1:email'), reason: 'Maximum sending rate exceeded.' }]);
    expect([...ledger.states.values()].sort()).toEqual(['failed', 'sent', 'sent']);
    healed = true;
    expect(await dispatcher.handle(event)).toMatchObject({ sent: 1, skipped: 2, failed: [] });
    expect(received.sort()).toEqual(['p0@example.com', 'p1@example.com', 'p2@example.com']);
  });
});
