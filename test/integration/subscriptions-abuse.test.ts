import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../lambdas/core/ports';
import { testConfig } from '../support/config';
import { startTestService, type TestService } from '../support/local-service';
import { linkIn, messagesTo, pressConfirm } from '../support/outbox';

/**
 * What breaks when someone tries to break subscriptions: races, expired records, guessing, link
 * scanners, imports of people who left. The clock is the service's, moved by hand.
 */
let service: TestService;
let nowMs = Date.parse('2026-11-21T10:00:00Z');
const clock: Clock = { now: () => new Date(nowMs) };
const advanceHours = (hours: number) => {
  nowMs += hours * 3_600_000;
};
let ipCounter = 0;
const asClient = () => `203.0.113.${++ipCounter}`;

beforeAll(async () => {
  service = await startTestService({
    clock,
    config: {
      ...testConfig,
      subscriptions: {
        ...testConfig.subscriptions,
        limits: { ...testConfig.subscriptions.limits, smsPerCountryPerHour: 4, smsPerPrefixPerHour: 2 },
      },
    },
  });
});
afterAll(() => service?.close());

const subscribe = (body: Record<string, unknown>, ip = asClient()) =>
  service.call('POST', '/v1/subscriptions', { key: null, body, headers: { 'x-forwarded-for': ip } });

const importRows = (rows: Record<string, unknown>[]) =>
  service.call('POST', '/v1/subscribers/import', { body: { rows } });

async function subscriberOf(channel: 'email' | 'sms' | 'webhook', address: string) {
  const { subscribers } = await (await service.call('GET', '/v1/subscribers?limit=1000')).json();
  return subscribers.find((s: { channel: string; address: string }) => s.channel === channel && s.address === address);
}

async function confirmedEmail(address: string) {
  await subscribe({ email: address });
  await pressConfirm(linkIn((await messagesTo(service, address))[0], '/confirm'));
  return service.stores.subscribers.get((await subscriberOf('email', address)).id);
}

describe('imports never bring back people who left', () => {
  it('skips, with the reason, rows of people who unsubscribed, bounced, complained or replied STOP', async () => {
    const left = await confirmedEmail('left@example.com');
    const oneClick = await fetch(await service.subscribers.unsubscribeUrl(left!), {
      method: 'POST',
      body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
    });
    expect(oneClick.status).toBe(200);
    await confirmedEmail('bounced@example.com');
    await service.subscribers.suppress('email', 'bounced@example.com', 'bounce');
    await confirmedEmail('complained@example.com');
    await service.subscribers.suppress('email', 'complained@example.com', 'complaint');
    service.outbox.optOut('+33677777701');
    const mailsBefore = (await messagesTo(service, 'left@example.com')).length;

    const response = await importRows([
      { line: 1, channel: 'email', address: 'left@example.com', confirmed: true },
      { line: 2, channel: 'email', address: 'bounced@example.com', confirmed: false },
      { line: 3, channel: 'email', address: 'complained@example.com', confirmed: true },
      { line: 4, channel: 'sms', address: '+33677777701', confirmed: true },
      { line: 5, channel: 'email', address: 'newcomer@example.com', confirmed: true },
    ]);
    expect(response.status).toBe(200);
    const report = await response.json();
    expect(report).toMatchObject({ created: 1, updated: 0, errors: [] });
    expect(report.skipped).toEqual([
      { line: 1, reason: expect.stringContaining('unsubscribed') },
      { line: 2, reason: expect.stringContaining('bounced') },
      { line: 3, reason: expect.stringContaining('spam') },
      { line: 4, reason: expect.stringContaining('STOP') },
    ]);
    expect((await subscriberOf('email', 'left@example.com')).state).toBe('unsubscribed');
    expect((await subscriberOf('email', 'bounced@example.com')).state).toBe('suppressed');
    expect(await subscriberOf('sms', '+33677777701')).toBeUndefined();
    expect(await messagesTo(service, 'left@example.com')).toHaveLength(mailsBefore);
  });
});

describe('expired pending sign-ups', () => {
  it('do not block signing up again, nor an import of the address', async () => {
    expect((await subscribe({ email: 'late@example.com' })).status).toBe(202);
    expect((await subscribe({ email: 'late-import@example.com' })).status).toBe(202);
    advanceHours(49); // past the 48 h confirmation window; dynalite never runs the TTL

    expect((await subscribe({ email: 'late@example.com' })).status).toBe(202);
    const [fresh] = await messagesTo(service, 'late@example.com');
    expect((await pressConfirm(linkIn(fresh, '/confirm'))).status).toBe(200);
    expect((await subscriberOf('email', 'late@example.com')).state).toBe('confirmed');

    const response = await importRows([
      { line: 1, channel: 'email', address: 'late-import@example.com', confirmed: true },
    ]);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ created: 1, errors: [] });
    expect((await subscriberOf('email', 'late-import@example.com')).state).toBe('confirmed');
  });
});

describe('races on one subscriber', () => {
  it('answers 202 to every one of 5 parallel sign-ups of one email, and keeps one subscriber', async () => {
    const ip = asClient();
    const answers = await Promise.all(Array.from({ length: 5 }, () => subscribe({ email: 'eager@example.com' }, ip)));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    const { subscribers } = await (await service.call('GET', '/v1/subscribers?limit=1000')).json();
    expect(subscribers.filter((s: { address: string }) => s.address === 'eager@example.com')).toHaveLength(1);
  });

  it('imports the same rows twice in parallel without a 5xx or a refused row', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({
      line: i + 1,
      channel: 'email',
      address: `twin${i}@example.com`,
      confirmed: true,
    }));
    const [a, b] = await Promise.all([importRows(rows), importRows(rows)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const reports = [await a.json(), await b.json()];
    expect(reports.flatMap((r) => r.errors)).toEqual([]);
    expect(reports[0].created + reports[1].created).toBe(5);
    expect(reports[0].updated + reports[1].updated).toBe(5);
  });
});

describe('SMS codes and numbers', () => {
  it('keeps the 5-try limit against 2 waves of 100 parallel wrong codes', async () => {
    const { verify } = await (await subscribe({ phone: '+49 170 1234567' })).json();
    const [sms] = await messagesTo(service, '+491701234567');
    const code = /code is (\d{6})/.exec(sms!.body)![1]!;
    const wrongCodes = Array.from({ length: 100 }, (_, i) =>
      String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'),
    );
    const guess = (c: string) =>
      service.call('POST', '/v1/subscriptions/verify', { key: null, body: { token: verify.token, code: c } });
    for (let wave = 0; wave < 2; wave++) {
      const statuses = (await Promise.all(wrongCodes.map(guess))).map((r) => r.status);
      expect(statuses.every((s) => s === 400)).toBe(true);
    }
    expect((await guess(code)).status).toBe(400);
    expect((await subscriberOf('sms', '+491701234567')).state).toBe('pending');
  });

  it('refuses numbers outside the allowed countries, satellite numbers always, naming the field', async () => {
    const satellite = await subscribe({ phone: '+881631234567' });
    expect(satellite.status).toBe(400);
    expect((await satellite.json()).errors).toEqual([
      { field: 'phone', message: expect.stringContaining('+881 numbers') },
    ]);
    const japan = await subscribe({ phone: '+81 90 1234 5678' });
    expect(japan.status).toBe(400);
    expect((await japan.json()).errors).toEqual([
      { field: 'phone', message: expect.stringMatching(/numbers of JP.*accepted countries: US, CA, GB/) },
    ]);
    expect(await messagesTo(service, '+819012345678')).toEqual([]);
  });

  it('caps SMS sign-ups per number range and per country, so others can still sign up', async () => {
    advanceHours(1); // a fresh hourly window
    const statuses = [];
    for (const phone of [
      '+33612345601',
      '+33612345602',
      '+33612345603',
      '+33698765401',
      '+33655555501',
      '+491711234567',
    ]) {
      statuses.push((await subscribe({ phone })).status);
    }
    // Range +3361234… is full after 2; France after 4; Germany still signs up.
    expect(statuses).toEqual([202, 202, 429, 202, 429, 202]);
  });
});

describe('links and bodies', () => {
  it('confirms only from the page’s button (POST): following the link, as scanners do, changes nothing', async () => {
    await subscribe({ email: 'scanned@example.com' });
    const link = linkIn((await messagesTo(service, 'scanned@example.com'))[0], '/confirm');
    const scanned = await fetch(link);
    expect(scanned.status).toBe(200);
    const page = await scanned.text();
    expect(page).toContain('Confirm my subscription');
    expect(page).toMatch(/<form method="post" action="http:\/\/127\.0\.0\.1:\d+\/v1\/subscriptions\/confirm\?token=/);
    expect((await fetch(link, { headers: { accept: 'application/json' } })).status).toBe(200);
    expect((await subscriberOf('email', 'scanned@example.com')).state).toBe('pending');

    expect((await pressConfirm(link)).status).toBe(200);
    expect((await subscriberOf('email', 'scanned@example.com')).state).toBe('confirmed');
  });

  it('unsubscribes in one click with a multipart/form-data body (RFC 8058) and with an empty body', async () => {
    const multipart = await confirmedEmail('multipart@example.com');
    const form = new FormData();
    form.append('List-Unsubscribe', 'One-Click');
    const answer = await fetch(await service.subscribers.unsubscribeUrl(multipart!), { method: 'POST', body: form });
    expect(answer.status).toBe(200);
    expect((await subscriberOf('email', 'multipart@example.com')).state).toBe('unsubscribed');

    const empty = await confirmedEmail('empty-body@example.com');
    expect((await fetch(await service.subscribers.unsubscribeUrl(empty!), { method: 'POST' })).status).toBe(200);
    expect((await subscriberOf('email', 'empty-body@example.com')).state).toBe('unsubscribed');
  });

  it('caps what a 400 echoes: a 900 KB unknown key does not come back', async () => {
    const response = await subscribe({ email: 'x@example.com', ['k'.repeat(900_000)]: 1 });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const text = await response.text();
    expect(text.length).toBeLessThan(4000);
    expect(JSON.parse(text).errors[0].message).toMatch(/^unknown field "k{64}": a sign-up takes email, phone/);
  });
});

describe('the audit trail', () => {
  it('records imports, exports and plan previews with actor, target and counts', async () => {
    await importRows([
      { line: 1, channel: 'email', address: 'audited@example.com', confirmed: true },
      { line: 2, channel: 'email', address: 'not-an-address', confirmed: true },
    ]);
    await service.call('GET', '/v1/subscribers?limit=10');
    const incident = await (
      await service.call('POST', '/v1/incidents', {
        body: { name: 'Audit me', impact: 'minor', components: { api: 'degraded_performance' } },
      })
    ).json();
    expect((await service.call('GET', `/v1/incidents/${incident.id}/plan`)).status).toBe(200);

    const day = clock.now().toISOString().slice(0, 10);
    const { entries } = await (await service.call('GET', `/v1/audit?date=${day}`)).json();
    const find = (action: string) => entries.find((e: { action: string }) => e.action === action);
    expect(find('subscribers.import')).toMatchObject({
      actor: { name: 'on-call' },
      target: 'subscribers',
      summary: '2 row(s): 1 created, 0 updated, 0 skipped, 1 refused',
    });
    expect(find('subscribers.export')).toMatchObject({
      actor: { name: 'on-call' },
      target: 'subscribers',
      summary: expect.stringMatching(/^exported \d+ subscriber/),
    });
    expect(find('plan.preview')).toMatchObject({
      actor: { name: 'on-call' },
      target: `incident:${incident.id}`,
      summary: expect.stringMatching(/Audit me: \d+ message/),
    });
  });
});
