import { Resolver } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { Observation, Prober } from '../core/probes/ports';
import type { ProbeCheck } from '../core/probes/probe-config';

/** Enough of a body to find a marker in, without reading a large page to the end. */
const MAX_BODY_BYTES = 64 * 1024;

export interface NetProberOptions {
  /** DNS servers to ask (`host` or `host:port`); the system's by default. */
  dnsServers?: string[];
}

/**
 * The network side of a probe, with node's own clients: an HTTP(S) request, a TCP connect or a DNS
 * query, each cut off at the check's timeout. It reports what it saw; the core judges it.
 */
export class NetProber implements Prober {
  constructor(private readonly options: NetProberOptions = {}) {}

  observe(check: ProbeCheck): Promise<Observation> {
    switch (check.type) {
      case 'http':
        return this.http(check);
      case 'tcp':
        return this.tcp(check);
      case 'dns':
        return this.dns(check);
    }
  }

  private http(check: Extract<ProbeCheck, { type: 'http' }>): Promise<Observation> {
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    return new Promise((resolve) => {
      const url = new URL(check.url);
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, {
        method: check.method,
        // One connection per run: a kept-alive socket would hide connect time and DNS trouble.
        agent: false,
        headers: { 'user-agent': 'Lifeboat-Probe/1', accept: '*/*', connection: 'close' },
        signal: AbortSignal.timeout(check.timeoutMs),
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          resolve({
            kind: 'http',
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: elapsed(),
          });
          res.destroy();
        };
        if (!check.bodyContains) return done();
        res.on('data', (chunk: Buffer) => {
          if (size >= MAX_BODY_BYTES) return;
          chunks.push(chunk);
          size += chunk.length;
          if (size >= MAX_BODY_BYTES) done();
        });
        res.on('end', done);
        res.on('error', (error) => resolve({ kind: 'error', error: describe(error), ms: elapsed() }));
      });
      req.on('error', (error) => resolve({ kind: 'error', error: describe(error), ms: elapsed() }));
      req.end();
    });
  }

  private tcp(check: Extract<ProbeCheck, { type: 'tcp' }>): Promise<Observation> {
    const started = performance.now();
    return new Promise((resolve) => {
      const socket = connect({ host: check.host, port: check.port, timeout: check.timeoutMs });
      const finish = (observation: Observation) => {
        socket.destroy();
        resolve(observation);
      };
      socket.once('connect', () => finish({ kind: 'tcp', ms: performance.now() - started }));
      socket.once('timeout', () =>
        finish({ kind: 'error', error: `no connection within ${check.timeoutMs} ms`, ms: performance.now() - started }),
      );
      socket.once('error', (error) =>
        finish({ kind: 'error', error: describe(error), ms: performance.now() - started }),
      );
    });
  }

  private async dns(check: Extract<ProbeCheck, { type: 'dns' }>): Promise<Observation> {
    const started = performance.now();
    const resolver = new Resolver({ timeout: check.timeoutMs, tries: 1 });
    if (this.options.dnsServers) resolver.setServers(this.options.dnsServers);
    try {
      const addresses =
        check.recordType === 'A' ? await resolver.resolve4(check.hostname) : await resolver.resolve6(check.hostname);
      return { kind: 'dns', addresses, ms: performance.now() - started };
    } catch (error) {
      return { kind: 'error', error: describe(error as Error), ms: performance.now() - started };
    } finally {
      resolver.cancel();
    }
  }
}

const describe = (error: Error & { code?: string }): string =>
  error.name === 'TimeoutError' || error.name === 'AbortError' ? 'timed out' : (error.code ?? error.message);
