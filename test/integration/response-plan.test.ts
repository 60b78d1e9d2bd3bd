import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../lambdas/adapters/aws/dynamodb/client';
import type { DomainEvent } from '../../lambdas/core/events';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lambdas/local/emulators';
import { LOCAL_TABLE_NAME } from '../../lambdas/local/local-service';
import type { SentMessage } from '../../lambdas/local/outbox-page';
import { READ_KEY, startTestService, type TestService } from '../support/local-service';
import { deliveredEmails, linkIn, messagesTo, outbox, pressConfirm } from '../support/outbox';
import { audience } from '../support/plan-harness';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service?.close());

async function confirmedEmail(address: string, components: string[]) {
  await service.call('POST', '/v1/subscriptions', { key: null, body: { email: address, components } });
  await pressConfirm(linkIn((await messagesTo(service, address))[0], '/confirm'));
}

async function confirmedSms(phone: string, components: string[]) {
  const { verify } = await (
    await service.call('POST', '/v1/subscriptions', { key: null, body: { phone, components } })
  ).json();
  const [sms] = await messagesTo(service, phone.replace(/\s/g, ''));
  const code = /code is (\d{6})/.exec(sms!.body)![1];
  await service.call('POST', '/v1/subscriptions/verify', { key: null, body: { token: verify.token, code } });
}

/** Everything sent so far, per recipient (newest first): compared later to see what a change sent. */
async function snapshot() {
  const all = await outbox(service);
  return (to: string) => all.filter((m) => m.to === to);
}

/** What was sent to each recipient since the snapshot. */
async function sentSince(before: (to: string) => SentMessage[]) {
  const now = await snapshot();
  return (to: string) => now(to).slice(0, now(to).length - before(to).length);
}

const settle = async () => {
  await service.events.idle();
};

describe('the response plan, end to end', () => {
  it('notifies each confirmed subscriber of the affected component once per channel, and nobody else', async () => {
    await confirmedEmail('api-fan@example.com', ['api']);
    await confirmedSms('+33 6 12 34 57 11', ['api']);
    await confirmedEmail('db-fan@example.com', ['db']);
    await confirmedEmail('everything@example.com', []);
    await service.call('POST', '/v1/subscriptions', {
      key: null,
      body: { email: 'unconfirmed@example.com', components: ['api'] },
    });
    await settle();
    const mark = await snapshot();

    const incident = await (
      await service.call('POST', '/v1/incidents', {
        body: { name: 'API errors', impact: 'major', body: 'Elevated 5xx', components: { api: 'partial_outage' } },
      })
    ).json();
    await settle();
    let to = await sentSince(mark);
    expect(to('api-fan@example.com')).toHaveLength(1);
    expect(to('+33612345711')).toHaveLength(1);
    expect(to('everything@example.com')).toHaveLength(1);
    expect(to('db-fan@example.com')).toHaveLength(0);
    expect(to('unconfirmed@example.com')).toHaveLength(0);

    const [mail] = to('api-fan@example.com');
    expect(mail!.subject).toBe('[Test Cloud] API errors');
    expect(mail!.body).toMatch(/^Investigating — /);
    expect(mail!.body).toContain('Elevated 5xx');
    expect(mail!.body).toContain('This incident affects: API (Partial outage)\nImpact: Major');
    expect(mail!.body).toContain('/v1/subscriptions/manage?token=');
    expect(mail!.headers['List-Unsubscribe']).toMatch(/^<.*\/v1\/subscriptions\/unsubscribe\?token=.+>$/);
    expect(mail!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const [sms] = to('+33612345711');
    expect(sms!.body.length).toBeLessThanOrEqual(160);
    expect(sms!.body).toMatch(/^Test Cloud: Investigating - API errors\. Elevated 5xx Reply STOP to opt out$/);

    // A major incident's update goes by email, not SMS; the resolve by both (the default plan).
    const afterDeclare = await snapshot();
    await service.call('POST', `/v1/incidents/${incident.id}/updates`, {
      body: { status: 'identified', body: 'Bad deploy' },
    });
    await settle();
    to = await sentSince(afterDeclare);
    expect(to('api-fan@example.com').map((m) => m.subject)).toEqual(['[Test Cloud] API errors']);
    expect(to('api-fan@example.com')[0]!.body).toMatch(/^Identified — .*\n\nBad deploy\n/);
    expect(to('+33612345711')).toHaveLength(0);

    const afterUpdate = await snapshot();
    await service.call('POST', `/v1/incidents/${incident.id}/resolve`, { body: { body: 'Rolled back' } });
    await settle();
    to = await sentSince(afterUpdate);
    expect(to('api-fan@example.com')).toHaveLength(1);
    expect(to('+33612345711')).toHaveLength(1);
    expect(to('db-fan@example.com')).toHaveLength(0);
  });

  it('sends nothing twice when an event is delivered again', async () => {
    await confirmedEmail('once@example.com', ['web']);
    const captured: DomainEvent[] = [];
    service.events.subscribe((event) => void captured.push(event));
    await service.call('POST', '/v1/incidents', {
      body: { name: 'Website down', impact: 'critical', components: { web: 'major_outage' } },
    });
    await settle();
    const declared = captured.find((e) => e.type === 'incident.declared')!;
    const before = (await messagesTo(service, 'once@example.com')).length;
    const aboutIt = async () =>
      (await messagesTo(service, 'once@example.com')).filter((m) => m.subject?.includes('Website down'));
    expect(await aboutIt()).toHaveLength(1);
    const batches = service.batches.length;
    await service.events.publish([declared, declared]);
    await settle();
    expect(await messagesTo(service, 'once@example.com')).toHaveLength(before);
    expect(await aboutIt()).toHaveLength(1);
    // The plan of that event is complete: a redelivery plans nothing and sends no batch again.
    expect(service.batches.slice(batches)).toEqual([]);
  });

  it('never texts a number that opted out since it subscribed, and suppresses it', async () => {
    await confirmedSms('+33 6 12 34 57 12', ['email']);
    service.outbox.optOut('+33612345712');
    const before = (await messagesTo(service, '+33612345712')).length;
    await service.call('POST', '/v1/incidents', {
      body: { name: 'Mail delays', impact: 'major', components: { email: 'partial_outage' } },
    });
    await settle();
    expect(await messagesTo(service, '+33612345712')).toHaveLength(before);
    const { subscribers } = await (await service.call('GET', '/v1/subscribers')).json();
    expect(subscribers.find((s: { address: string }) => s.address === '+33612345712')).toMatchObject({
      state: 'suppressed',
      endedReason: 'sms-opt-out',
    });
  });
});

describe("an incident's emails, as delivered", () => {
  it("arrive as one thread: one subject, the status first, every one naming the incident's root", async () => {
    await confirmedEmail('thread@example.com', ['web']);
    await settle();
    const incident = await (
      await service.call('POST', '/v1/incidents', {
        body: {
          name: 'Checkout slow',
          impact: 'minor',
          body: 'Pages take 10 s',
          components: { web: 'degraded_performance', db: 'partial_outage' },
        },
      })
    ).json();
    await settle();
    await service.call('POST', `/v1/incidents/${incident.id}/updates`, {
      body: { status: 'monitoring', body: 'Cache warmed' },
    });
    await settle();
    await service.call('POST', `/v1/incidents/${incident.id}/resolve`, { body: { body: 'Back to normal' } });
    await settle();

    // The first message is the confirmation email.
    const [declared, monitoring, resolved] = (await deliveredEmails(service, 'thread@example.com')).slice(1);
    const root = `<incident-${incident.id}@status.test.example>`;
    expect([declared, monitoring, resolved].map((m) => m!.subject)).toEqual([
      '[Test Cloud] Checkout slow',
      '[Test Cloud] Checkout slow',
      '[Test Cloud] Checkout slow',
    ]);
    expect([declared, monitoring, resolved].map((m) => m!.text!.split('\n')[0])).toEqual([
      expect.stringMatching(/^Investigating — /),
      expect.stringMatching(/^Monitoring — /),
      expect.stringMatching(/^Resolved — /),
    ]);
    expect(declared!.text).toContain(
      'This incident affects: Database (Partial outage), Website (Degraded performance)\nImpact: Minor',
    );
    expect(declared!.html).toContain(
      'This incident affects: Database (Partial outage), Website (Degraded performance)',
    );
    expect(resolved!.text).toContain('This incident affected: Database (Operational), Website (Operational)');

    expect(declared!.references).toBe(root);
    expect(declared!.inReplyTo).toBeUndefined();
    for (const later of [monitoring, resolved]) {
      expect(later!.inReplyTo).toBe(root);
      expect(later!.references).toBe(root);
    }
    // Message-IDs are the sender's (SES sets them): each email has its own.
    expect(new Set([declared, monitoring, resolved].map((m) => m!.messageId)).size).toBe(3);
    expect(declared!.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
  });
});

describe('bulk email', () => {
  it("sends incident text that looks like a template literally, with each recipient's own links", async () => {
    await confirmedEmail('bulk-a@example.com', ['api']);
    await confirmedEmail('bulk-b@example.com', ['api']);
    await settle();
    await service.call('POST', '/v1/incidents', {
      body: {
        name: 'Braces {{name}}',
        impact: 'minor',
        body: 'Retry with {{token}} or {{{raw}}}',
        components: { api: 'degraded_performance' },
      },
    });
    await settle();
    const [a] = await messagesTo(service, 'bulk-a@example.com');
    const [b] = await messagesTo(service, 'bulk-b@example.com');
    expect(a!.subject).toBe('[Test Cloud] Braces {{name}}');
    expect(a!.body).toContain('Retry with {{token}} or {{{raw}}}');
    const manage = (m: typeof a) => /\/v1\/subscriptions\/manage\?token=[\w.-]+/.exec(m!.body)![0];
    expect(manage(a)).not.toBe(manage(b));
    expect(a!.headers['List-Unsubscribe']).not.toBe(b!.headers['List-Unsubscribe']);
  });
});

describe('the dry run', () => {
  it('shows what would be sent to whom, and sends nothing', async () => {
    await confirmedEmail('dry@example.com', ['db']);
    await settle();
    const incident = await (
      await service.call('POST', '/v1/incidents', {
        body: { name: 'DB slow', impact: 'minor', components: { db: 'degraded_performance' } },
      })
    ).json();
    await settle();
    const before = (await outbox(service)).length;
    const preview = await service.call('GET', `/v1/incidents/${incident.id}/plan`);
    expect(preview.status).toBe(200);
    const { messages } = await preview.json();
    const mine = messages.find((m: { to: string }) => m.to === 'dry@example.com');
    expect(mine).toMatchObject({ channel: 'email', subject: '[Test Cloud] DB slow' });
    expect(mine.body).toMatch(/^Investigating — /);
    expect(mine.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(messages.some((m: { channel: string }) => m.channel === 'sms')).toBe(false); // minor: no SMS in the default plan
    expect((await outbox(service)).length).toBe(before);
    expect((await service.call('GET', `/v1/incidents/${incident.id}/plan`, { key: READ_KEY })).status).toBe(403);
  });
});

describe('a replayed request', () => {
  it('re-drives a plan whose batches were lost, and leaves a completed plan alone', async () => {
    let offset = 0;
    const clock = { now: () => new Date(Date.now() + offset) };
    // No worker loops and no relay timer: this test decides when each step happens.
    const own = await startTestService({ clock, workers: 0, relayPollMs: 0 });
    try {
      for (const address of ['a@example.com', 'b@example.com', 'c@example.com']) {
        const subscriber = audience({ email: 1 })[0]!;
        await own.stores.subscribers.save({ ...subscriber, id: `sub-${address}`, address, locale: 'en' });
      }
      const declare = () =>
        own.call('POST', '/v1/incidents', {
          body: { name: 'Lost batches', impact: 'minor', components: { api: 'degraded_performance' } },
          headers: { 'idempotency-key': 'declare-once' },
        });
      expect((await declare()).status).toBe(201);
      await own.relay.drain();
      // The plan is under way; its batches are lost, as if they had ended in a dead-letter queue.
      const db = createDocumentClient({
        endpoint: own.dynamoDbEndpoint,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
      });
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: LOCAL_TABLE_NAME,
          IndexName: 'byKind',
          KeyConditionExpression: 'gsi1pk = :lane',
          ExpressionAttributeValues: { ':lane': 'JOBS#email' },
        }),
      );
      expect(Items.length).toBeGreaterThan(0);
      for (const item of Items)
        await db.send(new DeleteCommand({ TableName: LOCAL_TABLE_NAME, Key: { pk: item.pk, sk: item.sk } }));
      db.destroy();
      await own.events.idle();
      const about = async (address: string) =>
        (await messagesTo(own, address)).filter((m) => m.subject?.includes('Lost batches'));
      expect(await about('a@example.com')).toHaveLength(0);

      // A minute later on-call, seeing no email go out, sends the same request again.
      offset += 90_000;
      expect((await declare()).status).toBe(201);
      await own.events.idle();
      for (const address of ['a@example.com', 'b@example.com', 'c@example.com'])
        expect(await about(address)).toHaveLength(1);

      offset += 90_000;
      await declare();
      await own.events.idle();
      for (const address of ['a@example.com', 'b@example.com', 'c@example.com'])
        expect(await about(address)).toHaveLength(1);
    } finally {
      await own.close();
    }
  });
});
