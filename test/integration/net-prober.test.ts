import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetProber } from '../../lambdas/adapters/net-prober';
import { ProbeCheck } from '../../lambdas/core/probes/probe-config';
import { judge } from '../../lambdas/core/probes/probe-runner';
import { ProbeTarget } from '../support/probe-target';

/**
 * A tiny DNS server on 127.0.0.1: answers A queries from `records`, NXDOMAIN for other names, and
 * nothing at all for `silent.test` (so the resolver times out).
 */
function startDns(records: Record<string, string[]>): Promise<UdpSocket> {
  const socket = createSocket('udp4');
  socket.on('message', (query, peer) => {
    let offset = 12;
    const labels: string[] = [];
    while (query[offset]! > 0) {
      labels.push(query.subarray(offset + 1, offset + 1 + query[offset]!).toString('ascii'));
      offset += query[offset]! + 1;
    }
    const question = query.subarray(12, offset + 5);
    const name = labels.join('.');
    if (name === 'silent.test') return;
    const addresses = records[name] ?? [];
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2); // the query's id
    header.writeUInt16BE(name in records ? 0x8180 : 0x8183, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(addresses.length, 6);
    const answers = addresses.map((address) => {
      const answer = Buffer.alloc(16);
      answer.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
      answer.writeUInt16BE(1, 2); // A
      answer.writeUInt16BE(1, 4); // IN
      answer.writeUInt32BE(60, 6);
      answer.writeUInt16BE(4, 10);
      for (const [i, part] of address.split('.').entries()) answer.writeUInt8(Number(part), 12 + i);
      return answer;
    });
    socket.send(Buffer.concat([header, question, ...answers]), peer.port, peer.address);
  });
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket)));
}

let target: ProbeTarget;
let dns: UdpSocket;
let prober: NetProber;

beforeAll(async () => {
  target = await ProbeTarget.start();
  dns = await startDns({ 'status.test': ['192.0.2.10', '192.0.2.11'] });
  prober = new NetProber({ dnsServers: [`127.0.0.1:${(dns.address() as AddressInfo).port}`] });
});

afterAll(async () => {
  await target?.close();
  dns?.close();
});

const check = (raw: Record<string, unknown>) => ProbeCheck.parse({ id: 'c', component: 'api', ...raw });
const probe = async (raw: Record<string, unknown>) => {
  const c = check(raw);
  return judge(c, await prober.observe(c));
};

describe('the network side of probes', () => {
  it('reads an HTTP answer: status, body, and the timeout cutting off a slow one', async () => {
    expect(await probe({ type: 'http', url: target.url, bodyContains: 'ok' })).toMatchObject({ ok: true });
    expect(await probe({ type: 'http', url: target.url, bodyContains: 'healthy' })).toMatchObject({
      ok: false,
      error: 'the body lacks the expected text',
    });
    await target.set('failing');
    expect(await probe({ type: 'http', url: target.url })).toMatchObject({ ok: false, error: 'HTTP 500' });
    expect(await probe({ type: 'http', url: target.url, expectStatus: [500] })).toMatchObject({ ok: true });
    await target.set('slow');
    target.slowMs = 1000;
    // Aborted at the timeout ('timed out'), not judged late after the answer came.
    expect(await probe({ type: 'http', url: target.url, timeoutMs: 200 })).toMatchObject({
      ok: false,
      error: 'timed out',
    });
    await target.set('down');
    expect(await probe({ type: 'http', url: target.url })).toMatchObject({ ok: false, error: 'ECONNREFUSED' });
    expect(await probe({ type: 'tcp', host: '127.0.0.1', port: target.port })).toMatchObject({
      ok: false,
      error: 'ECONNREFUSED',
    });
    await target.set('ok');
    expect(await probe({ type: 'tcp', host: '127.0.0.1', port: target.port })).toMatchObject({ ok: true });
  });

  it('resolves names: the expected addresses, a name that does not exist, a server that does not answer', async () => {
    expect(await probe({ type: 'dns', hostname: 'status.test', expectAddresses: ['192.0.2.11'] })).toMatchObject({
      ok: true,
    });
    expect(await probe({ type: 'dns', hostname: 'status.test', expectAddresses: ['198.51.100.1'] })).toMatchObject({
      ok: false,
    });
    expect(await probe({ type: 'dns', hostname: 'missing.test' })).toMatchObject({ ok: false, error: 'ENOTFOUND' });
    expect(await probe({ type: 'dns', hostname: 'silent.test', timeoutMs: 300 })).toMatchObject({
      ok: false,
      error: 'ETIMEOUT',
    });
  });
});
