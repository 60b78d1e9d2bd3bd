import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpWebhookSender } from '../../lambdas/adapters/webhook-sender';
import { composeSubscribers } from '../../lambdas/composition/subscribers';
import { isPublicAddress } from '../../lambdas/core/network-address';
import { systemClock } from '../../lambdas/core/ports';
import { LOCAL_TOKEN_KEY } from '../../lambdas/local/local-service';
import { testConfig } from '../support/config';
import { startTestService, type TestService } from '../support/local-service';

/** Webhooks reach the public internet only: not loopback, private ranges or the metadata service. */
let receiver: Server;
let port: number;
const received: string[] = [];
let service: TestService;
beforeAll(async () => {
  receiver = createServer((request, response) => {
    received.push(request.url ?? '');
    request.resume();
    response.end('ok');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  port = (receiver.address() as AddressInfo).port;
  service = await startTestService();
});
afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await service?.close();
});

/** A subscriber service as on AWS: private networks refused; DNS answers given by the test. */
function guardedService(dns: Record<string, string[]>) {
  return composeSubscribers({
    config: testConfig,
    stores: service.stores,
    channels: { email: { send: async () => {} }, sms: service.outbox, webhooks: service.outbox },
    tokenKey: async () => LOCAL_TOKEN_KEY,
    clock: systemClock,
    apiUrl: service.url,
    resolveHost: async (host) => {
      if (!dns[host]) throw new Error('ENOTFOUND');
      return dns[host];
    },
  });
}

const signUp = (webhook: string) => ({ email: undefined, phone: undefined, webhook });

describe('webhook targets', () => {
  it('classifies addresses: only public ones pass', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::a9fe:a9fe',
      '224.0.0.1',
    ]) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
    for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])
      expect(isPublicAddress(ip), ip).toBe(true);
  });

  it('refuses at sign-up, naming the field, URLs aimed at loopback, private or link-local addresses in any spelling', async () => {
    const subscribers = guardedService({
      'hooks.example.com': ['93.184.216.34'],
      'internal.example.com': ['93.184.216.34', '10.0.0.7'],
    });
    const origin = { ip: '198.51.100.200', userAgent: null, via: 'api' as const };
    for (const webhook of [
      'https://127.0.0.1/hook',
      'https://[::1]/hook',
      'https://0x7f000001/hook',
      'https://2130706433/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://10.0.0.1/hook',
      'https://localhost/hook',
      'https://internal.example.com/hook',
      'https://nowhere.example.com/hook',
    ]) {
      await expect(subscribers.subscribe(signUp(webhook), origin), webhook).rejects.toMatchObject({
        status: 400,
        errors: [{ field: 'webhook' }],
      });
    }
    await expect(subscribers.subscribe(signUp('https://hooks.example.com/ok'), origin)).resolves.toEqual([
      { channel: 'webhook' },
    ]);
  });

  it('refuses at send time too, connecting only to the address it checked (DNS rebinding)', async () => {
    const guarded = new HttpWebhookSender();
    for (const url of [
      `http://127.0.0.1:${port}/a`,
      `http://2130706433:${port}/b`,
      `http://[::ffff:127.0.0.1]:${port}/c`,
    ]) {
      expect(await guarded.post(url, { hello: 1 }, 'secret'), url).toEqual({ status: 0 });
    }
    // The name resolved to a public address at sign-up; now it resolves to loopback.
    const rebound = new HttpWebhookSender({ resolveHost: async () => ['127.0.0.1'] });
    expect(await rebound.post(`http://hooks.example.com:${port}/d`, {}, 'secret')).toEqual({ status: 0 });
    expect(received).toEqual([]);

    // Local mode and tests opt in, and their receivers on 127.0.0.1 get the POST.
    const local = new HttpWebhookSender({ allowPrivateNetworks: true, resolveHost: async () => ['127.0.0.1'] });
    expect(await local.post(`http://127.0.0.1:${port}/e`, {}, 'secret')).toEqual({ status: 200 });
    expect(await local.post(`http://receiver.test:${port}/f`, {}, 'secret')).toEqual({ status: 200 });
    expect(received).toEqual(['/e', '/f']);
  });
});
