import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LifeboatConfig, parseConfig } from '../../lambdas/core/config';
import { startTestService, type TestService } from '../support/local-service';
import { ProbeTarget } from '../support/probe-target';

let target: ProbeTarget;
let service: TestService;
let now = Date.parse('2026-11-23T10:00:05Z');
const clock = { now: () => new Date(now) };

function probeConfig(target: ProbeTarget): LifeboatConfig {
  return parseConfig(
    {
      page: { id: 'test', name: 'Test Cloud', url: 'https://status.test.example', timeZone: 'UTC' },
      components: [
        { id: 'api', name: 'API' },
        { id: 'db', name: 'Database' },
        { id: 'web', name: 'Website' },
      ],
      probes: {
        regions: ['eu-central-1', 'us-east-1'],
        failuresToDegrade: 2,
        failuresToDown: 3,
        successesToRecover: 2,
        checks: [
          {
            id: 'api-health',
            component: 'api',
            type: 'http',
            url: target.url,
            bodyContains: 'ok',
            timeoutMs: 5000,
            degradedAboveMs: 700,
          },
          { id: 'db-port', component: 'db', type: 'tcp', host: '127.0.0.1', port: target.port, timeoutMs: 2000 },
        ],
      },
    },
    'test/integration/probes.test.ts',
  );
}

/** One probe run at the next minute: the clock moves, nothing sleeps. */
async function nextRun() {
  now += 60_000;
  return service.probes.tick();
}

async function statusOf(id: string): Promise<string> {
  const { components } = await (await service.call('GET', '/v1/components')).json();
  return components.find((c: { id: string }) => c.id === id).status;
}

beforeAll(async () => {
  target = await ProbeTarget.start();
  service = await startTestService({ config: probeConfig(target), clock, probeIntervalMs: 0 });
});

afterAll(async () => {
  await service?.close();
  await target?.close();
});

describe('probes against a local target', () => {
  it('measure a healthy target from every region and leave its components operational', async () => {
    for (let i = 0; i < 3; i++) {
      const { runs, changes } = await nextRun();
      expect(runs.map((r) => r.results.every((x) => x.result.ok))).toEqual([true, true]);
      expect(changes).toEqual([]);
    }
    expect(target.requests).toBe(6); // two regions, three runs
    expect(await statusOf('api')).toBe('operational');
  });

  it('turn a component down after the configured consecutive failures, audited as the probes', async () => {
    await target.set('failing');
    await nextRun();
    expect(await statusOf('api')).toBe('operational'); // one failure is not an outage
    await nextRun();
    expect(await statusOf('api')).toBe('degraded_performance');
    const third = await nextRun();
    expect(third.changes).toEqual([{ componentId: 'api', from: 'degraded_performance', to: 'major_outage' }]);
    expect(await statusOf('api')).toBe('major_outage');
    expect(await statusOf('db')).toBe('operational'); // the port still answers

    const { entries } = await (await service.call('GET', '/v1/audit?date=2026-11-23')).json();
    const byProbes = entries.filter((e: { actor: { channel: string } }) => e.actor.channel === 'probe');
    expect(byProbes.map((e: { summary: string }) => e.summary)).toEqual([
      expect.stringContaining('major_outage'),
      expect.stringContaining('degraded_performance'),
    ]);
  });

  it('show the latency history on the page, and the uptime the probes measured', async () => {
    await service.site.idle();
    const page = await (await fetch(`${service.url}/`)).text();
    const row = page.slice(page.indexOf('>API<'), page.indexOf('>Database<'));
    const chart = row.match(/<svg class="lat"[^>]*><path d="([^"]*)"\/><\/svg>\s*<div class="scale">([^<]*)<\/div>/);
    expect(chart, 'the API row has a latency chart').not.toBeNull();
    // This hour's runs drawn at the right of the 24-hour line, and their mean latency in words.
    expect(chart![1]).toMatch(/^M23 \d+h\.5M\d+ \d+h\.5$/);
    expect(chart![2]).toMatch(/^Response time, 24 h: avg \d+ ms, max \d+ ms · 90 days: avg \d+ ms, max \d+ ms$/);
    // 3 of 6 runs up from each region.
    expect(row).toContain('50.00% uptime');
  });

  it('bring the component back after the configured successes, and tell a refused connection from a slow answer', async () => {
    await target.set('ok');
    await nextRun();
    expect(await statusOf('api')).toBe('major_outage');
    await nextRun();
    expect(await statusOf('api')).toBe('operational');

    // Slow: 1.5 s, over the check's 700 ms (margins wide enough for a busy machine either way).
    target.slowMs = 1500;
    await target.set('slow');
    await nextRun();
    await nextRun();
    expect(await statusOf('api')).toBe('degraded_performance');
    expect(await statusOf('db')).toBe('operational');

    await target.set('down');
    for (let i = 0; i < 3; i++) await nextRun();
    expect(await statusOf('api')).toBe('major_outage');
    expect(await statusOf('db')).toBe('major_outage');
  });

  it('hold nothing on a component a person put under maintenance', async () => {
    expect(await statusOf('db')).toBe('major_outage'); // the target is still down
    await service.call('PATCH', '/v1/components/db', { body: { status: 'under_maintenance' } });
    await nextRun();
    expect(await statusOf('db')).toBe('under_maintenance');
    await target.set('ok');
    for (let i = 0; i < 2; i++) await nextRun();
    expect(await statusOf('db')).toBe('under_maintenance');
    expect(await statusOf('api')).toBe('operational');
  });
});
