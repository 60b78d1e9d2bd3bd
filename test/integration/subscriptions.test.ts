import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenSigner } from '../../lambdas/core/tokens';
import { LOCAL_TOKEN_KEY } from '../../lambdas/local/local-service';
import { startTestService, type TestService } from '../support/local-service';
import { linkIn, messagesTo, pressConfirm } from '../support/outbox';

let service: TestService;
let ipCounter = 0;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service?.close());

/** Each test signs up from its own client address, so per-IP limits stay per test. */
const asClient = () => `198.51.100.${++ipCounter}`;

function subscribe(body: Record<string, unknown>, ip = asClient(), headers: Record<string, string> = {}) {
  return service.call('POST', '/v1/subscriptions', { key: null, body, headers: { 'x-forwarded-for': ip, ...headers } });
}

async function subscriberOf(channel: 'email' | 'sms' | 'webhook', address: string) {
  const { subscribers } = await (await service.call('GET', '/v1/subscribers?limit=1000')).json();
  return subscribers.find((s: { channel: string; address: string }) => s.channel === channel && s.address === address);
}

describe('subscribing by email', () => {
  it('sends a confirmation link; following it confirms, with consent evidence kept', async () => {
    const response = await subscribe({ email: 'Grace@Example.com', components: ['api'] });
    expect(response.status).toBe(202);
    expect(await subscriberOf('email', 'grace@example.com')).toMatchObject({ state: 'pending', components: ['api'] });

    const [mail] = await messagesTo(service, 'grace@example.com');
    expect(mail!.subject).toBe('Confirm your subscription to Test Cloud status updates');
    const confirm = await pressConfirm(linkIn(mail, '/v1/subscriptions/confirm'));
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Subscription confirmed');

    const subscriber = await subscriberOf('email', 'grace@example.com');
    expect(subscriber.state).toBe('confirmed');
    expect(subscriber.consent.map((c: { method: string }) => c.method)).toEqual(['api', 'email-link']);
    expect(subscriber.consent[0]).toMatchObject({
      ip: expect.any(String),
      text: expect.stringContaining('one-click unsubscribe'),
    });
  });

  it('answers identically for a new and an existing address, in status and body', async () => {
    const first = await subscribe({ email: 'new-person@example.com' });
    await subscribe({ email: 'known@example.com' });
    const [mail] = await messagesTo(service, 'known@example.com');
    await pressConfirm(linkIn(mail, '/confirm'));
    const again = await subscribe({ email: 'known@example.com' });
    expect(again.status).toBe(first.status);
    expect(await again.text()).toBe(await first.text());
    // The known address is told it is already subscribed, with its manage link; nothing changed.
    const [latest] = await messagesTo(service, 'known@example.com');
    expect(latest!.subject).toBe('Your Test Cloud status subscription');
    expect(latest!.body).toContain('/v1/subscriptions/manage?token=');
    expect(latest!.headers['List-Unsubscribe']).toMatch(
      /^<http:\/\/127\.0\.0\.1:\d+\/v1\/subscriptions\/unsubscribe\?token=[\w.-]+>$/,
    );
    expect(latest!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect((await subscriberOf('email', 'known@example.com')).state).toBe('confirmed');
  });

  it('refuses bad input with a 4xx naming the field, and writes nothing', async () => {
    const bad = await subscribe({ email: 'not-an-address' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual([{ field: 'email', message: 'not a valid email address' }]);
    const unknown = await subscribe({ email: 'x@example.com', components: ['nope'] });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).errors[0].field).toBe('components.nope');
    expect(await subscriberOf('email', 'x@example.com')).toBeUndefined();
    const none = await subscribe({});
    expect(none.status).toBe(400);
    expect(((await none.json()).errors as { field: string }[]).map((e) => e.field)).toEqual([
      'email',
      'phone',
      'webhook',
    ]);
    const misnamed = await subscribe({ sms: '+14155550100' });
    expect(misnamed.status).toBe(400);
    expect((await misnamed.json()).errors[0].message).toBe(
      'unknown field "sms": a sign-up takes email, phone (SMS) or webhook, and optionally components and locale',
    );
    expect((await subscribe({ webhook: 'http://insecure.example/hook' })).status).toBe(400);
  });

  it('refuses invalid, tampered and expired links with a clear page', async () => {
    const invalid = await fetch(`${service.url}/v1/subscriptions/confirm?token=garbage`);
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('This link is not valid');

    await subscribe({ email: 'tamper@example.com' });
    const link = linkIn((await messagesTo(service, 'tamper@example.com'))[0], '/confirm');
    const token = new URL(link).searchParams.get('token')!;
    const [payload, mac] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), exp: 9999999999 }),
    ).toString('base64url');
    expect((await fetch(`${service.url}/v1/subscriptions/confirm?token=${forged}.${mac}`)).status).toBe(400);
    const manageWithConfirmToken = await fetch(`${service.url}/v1/subscriptions/manage?token=${token}`);
    expect(manageWithConfirmToken.status).toBe(400);

    const expired = await new TokenSigner(async () => LOCAL_TOKEN_KEY).sign(
      'someone',
      'confirm',
      new Date(Date.now() - 1000),
    );
    const answer = await fetch(`${service.url}/v1/subscriptions/confirm?token=${expired}`);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('This link has expired');
  });

  it('unsubscribes in one click (RFC 8058) and from the manage page', async () => {
    await subscribe({ email: 'leaver@example.com' });
    await pressConfirm(linkIn((await messagesTo(service, 'leaver@example.com'))[0], '/confirm'));
    const subscriber = await service.stores.subscribers.get((await subscriberOf('email', 'leaver@example.com')).id);
    const unsubscribeUrl = await service.subscribers.unsubscribeUrl(subscriber!);

    // A GET (a mail scanner following the link) changes nothing.
    const asked = await fetch(unsubscribeUrl);
    expect(asked.status).toBe(200);
    expect((await subscriberOf('email', 'leaver@example.com')).state).toBe('confirmed');

    const oneClick = await fetch(unsubscribeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect((await subscriberOf('email', 'leaver@example.com')).state).toBe('unsubscribed');

    // The manage page changes components, and can unsubscribe too.
    await subscribe({ email: 'chooser@example.com' });
    await pressConfirm(linkIn((await messagesTo(service, 'chooser@example.com'))[0], '/confirm'));
    const chooser = await service.stores.subscribers.get((await subscriberOf('email', 'chooser@example.com')).id);
    const manage = new URL(await service.subscribers.manageUrl(chooser!));
    const form = (fields: string) =>
      fetch(`${service.url}/v1/subscriptions/manage`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: fields,
      });
    const saved = await form(`token=${manage.searchParams.get('token')}&components=db&components=web&action=save`);
    expect(await saved.text()).toContain('Your choices are saved.');
    expect((await subscriberOf('email', 'chooser@example.com')).components).toEqual(['db', 'web']);
    await form(`token=${manage.searchParams.get('token')}&action=unsubscribe`);
    expect((await subscriberOf('email', 'chooser@example.com')).state).toBe('unsubscribed');
  });
});

describe('subscribing by SMS and webhook', () => {
  it('texts a code, stores the number as E.164, and confirms when the code is entered', async () => {
    const response = await subscribe({ phone: '06 12 34 56 78', locale: 'fr' }, asClient());
    expect(response.status).toBe(400); // no country code
    const ok = await subscribe({ phone: '+33 6 12 34 56 79' });
    expect(ok.status).toBe(202);
    const { verify } = await ok.json();
    const [sms] = await messagesTo(service, '+33612345679');
    const code = /code is (\d{6})/.exec(sms!.body)![1]!;
    expect(sms!.body).toContain('Reply STOP');

    const wrong = await service.call('POST', '/v1/subscriptions/verify', {
      key: null,
      body: { token: verify.token, code: '000000' === code ? '111111' : '000000' },
    });
    expect(wrong.status).toBe(400);
    const right = await service.call('POST', '/v1/subscriptions/verify', {
      key: null,
      body: { token: verify.token, code },
    });
    expect(right.status).toBe(200);
    expect((await subscriberOf('sms', '+33612345679')).state).toBe('confirmed');
  });

  it('never texts a number that opted out (STOP), and answers the same', async () => {
    service.outbox.optOut('+33612345680');
    const response = await subscribe({ phone: '+33612345680' });
    expect(response.status).toBe(202);
    expect(await messagesTo(service, '+33612345680')).toEqual([]);
  });

  it('verifies a webhook with a signed ping carrying its secret', async () => {
    const url = 'https://hooks.example.com/lifeboat';
    expect((await subscribe({ webhook: url })).status).toBe(202);
    const [ping] = await messagesTo(service, url);
    expect(JSON.parse(ping!.body)).toMatchObject({
      type: 'subscription.verify',
      signingSecret: expect.stringMatching(/^whsec_/),
    });
    expect(ping!.headers['lifeboat-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect((await subscriberOf('webhook', url)).state).toBe('confirmed');

    const failing = 'https://hooks.example.com/broken';
    service.outbox.answerWebhook(failing, 500);
    await subscribe({ webhook: failing });
    expect((await subscriberOf('webhook', failing)).state).toBe('pending');
  });
});

describe('abuse and deliverability', () => {
  it('limits sign-ups per client address with 429 and Retry-After', async () => {
    const ip = asClient();
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await subscribe({ email: `flood${i}@example.com` }, ip)).status);
    expect(statuses.slice(0, 20).every((s) => s === 202)).toBe(true);
    const limited = await subscribe({ email: 'one-more@example.com' }, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await subscribe({ email: 'other-client@example.com' })).status).toBe(202);
  });

  it('caps SMS sign-ups per client (SMS pumping), and limits mail to one address (list bombing)', async () => {
    const ip = asClient();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await subscribe({ phone: `+336123457${String(i).padStart(2, '0')}` }, ip)).status);
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses[10]).toBe(429);

    for (let i = 0; i < 5; i++) await subscribe({ email: 'victim@example.com' });
    expect(await messagesTo(service, 'victim@example.com')).toHaveLength(3);
  });

  it('suppresses an address that bounced, and sends it nothing more', async () => {
    await subscribe({ email: 'bouncy@example.com' });
    await pressConfirm(linkIn((await messagesTo(service, 'bouncy@example.com'))[0], '/confirm'));
    expect(await service.subscribers.suppress('email', 'bouncy@example.com', 'bounce')).toBe(true);
    expect(await subscriberOf('email', 'bouncy@example.com')).toMatchObject({
      state: 'suppressed',
      endedReason: 'bounce',
    });
    const before = (await messagesTo(service, 'bouncy@example.com')).length;
    expect((await subscribe({ email: 'bouncy@example.com' })).status).toBe(202);
    expect(await messagesTo(service, 'bouncy@example.com')).toHaveLength(before);
  });
});
