/**
 * Probes: what one run of 20 checks costs in CPU (the figure a probe Lambda is billed on), and the
 * page's weight with a response-time chart on each of 20 components.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { createDocumentClient } from '../lambdas/adapters/aws/dynamodb/client';
import { createTableIfMissing } from '../lambdas/adapters/aws/dynamodb/create-table';
import { DynamoDbProbeResultStore } from '../lambdas/adapters/aws/dynamodb/probe-result-store';
import { NetProber } from '../lambdas/adapters/net-prober';
import { parseConfig } from '../lambdas/core/config';
import type { ProbeResultStore } from '../lambdas/core/probes/ports';
import { ProbeRunner } from '../lambdas/core/probes/probe-runner';
import {
  type HourAggregate,
  type HourAggregates,
  MINUTE_MS,
  type ProbeHistory,
} from '../lambdas/core/probes/probe-samples';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../lambdas/local/emulators';
import { renderSite } from '../lambdas/render/render-site';
import { seededRandom } from '../test/support/random';
import { fileOf, History, siteConfig } from '../test/support/site-fixtures';
import type { Measurement } from './status-page';

const RUNS = 30;
const CHECKS = 20;

/** Servers live in processes of their own, so their CPU is not counted as the probe's. */
async function startChild(script: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', script]);
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('error', reject);
  });
  return { port, child };
}

/** Keeps results in memory: the run's own work, without a database's. */
class MemoryResults implements ProbeResultStore {
  private readonly hours = new Map<string, number[]>();
  async putSample(series: { checkId: string; region: string }, minute: number, value: number) {
    const key = `${series.checkId}#${series.region}#${Math.floor(minute / 3_600_000)}`;
    const hour = this.hours.get(key) ?? [];
    hour[new Date(minute).getUTCMinutes()] = value;
    this.hours.set(key, hour);
    return hour.filter((v) => v !== undefined);
  }
  async putHourAggregate(_series: unknown, _hour: number, _aggregate: HourAggregate) {}
  async samples() {
    return new Map<number, number>();
  }
  async hourAggregates(): Promise<HourAggregates> {
    return new Map();
  }
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const round = (n: number) => Math.round(n * 10) / 10;

async function cpuPerRun(runner: (minute: number) => Promise<unknown>): Promise<number[]> {
  await runner(0); // warm up: first connections, JIT
  const samples: number[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const before = process.cpuUsage();
    await runner(i);
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / 1000);
  }
  return samples;
}

export async function benchProbes(): Promise<Measurement[]> {
  const results: Measurement[] = [];
  const target = await startChild(
    "require('node:http').createServer((q,s)=>s.end('ok')).listen(0,'127.0.0.1',function(){console.log(this.address().port)})",
  );
  const config = parseConfig(
    {
      page: { name: 'Bench', url: 'https://status.bench.example', timeZone: 'UTC' },
      components: Array.from({ length: CHECKS }, (_, i) => ({ id: `c${i}`, name: `Component ${i}` })),
      probes: {
        regions: ['eu-central-1'],
        checks: Array.from({ length: CHECKS }, (_, i) => ({
          id: `check-${i}`,
          component: `c${i}`,
          type: 'http' as const,
          url: `http://127.0.0.1:${target.port}/health?${i}`,
          bodyContains: 'ok',
        })),
      },
    },
    'bench',
  );
  const checks = config.probes!.checks;
  const prober = new NetProber();
  const start = Date.parse('2026-11-23T10:00:00Z');
  const runWith = (store: ProbeResultStore) => (i: number) =>
    new ProbeRunner({
      checks,
      region: 'eu-central-1',
      prober,
      results: store,
      clock: { now: () => new Date(start + i * MINUTE_MS) },
    }).run();

  const own = await cpuPerRun(runWith(new MemoryResults()));
  results.push({
    name: `probe run, ${CHECKS} HTTP checks, results kept in memory: CPU per run (median of ${RUNS}; p10 ${round(percentile(own, 0.1))}, p90 ${round(percentile(own, 0.9))})`,
    value: round(percentile(own, 0.5)),
    unit: 'ms',
    target: '< 100 ms',
    met: percentile(own, 0.5) < 100,
  });

  const dynamo = await startChild(
    "require('dynalite')({createTableMs:0,deleteTableMs:0,updateTableMs:0}).listen(0,'127.0.0.1',function(){console.log(this.address().port)})",
  );
  const db = createDocumentClient({
    endpoint: `http://127.0.0.1:${dynamo.port}`,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  await createTableIfMissing(db, 'bench-probes');
  const stored = await cpuPerRun(runWith(new DynamoDbProbeResultStore(db, 'bench-probes')));
  results.push({
    name: `probe run, ${CHECKS} HTTP checks and their 40 DynamoDB writes (SDK client; the database in another process): CPU per run (median of ${RUNS}; p10 ${round(percentile(stored, 0.1))}, p90 ${round(percentile(stored, 0.9))})`,
    value: round(percentile(stored, 0.5)),
    unit: 'ms',
    target: '< 100 ms',
    met: percentile(stored, 0.5) < 100,
  });
  db.destroy();
  dynamo.child.kill();
  target.child.kill();

  // Page weight: 20 components, each with a full 24 h and 90 days of noisy latency, one active incident.
  const random = seededRandom(14);
  const latency = () => 40 + random.int(900);
  const history = new History(siteConfig({ components: 20 }));
  const incident = history.declare(
    '2026-11-21T09:00:00Z',
    'Elevated errors on the API',
    'major',
    { c1: 'major_outage' },
    'We are investigating reports of errors.',
  );
  history.update(incident.id, '2026-11-21T09:30:00Z', 'identified', 'A failed deploy; rolling back now.');
  const probes: Record<string, ProbeHistory> = Object.fromEntries(
    Array.from({ length: 20 }, (_, i) => [
      `c${i}`,
      { hourly: Array.from({ length: 24 }, latency), daily: Array.from({ length: 90 }, latency), uptimePercent: 99.9 },
    ]),
  );
  const page = fileOf(renderSite(history.state({ probes })), 'index.html');
  const bytes = Buffer.byteLength(page);
  const plain = Buffer.byteLength(fileOf(renderSite(history.state()), 'index.html'));
  results.push({
    name: 'index.html, 20 components with probe charts, 1 active incident',
    value: round(bytes / 1024),
    unit: 'KB',
    target: '<= 30 KB',
    met: bytes <= 30 * 1024,
  });
  results.push({
    name: `  of which the 20 charts (the same page without: ${round(plain / 1024)} KB)`,
    value: round((bytes - plain) / 1024),
    unit: 'KB',
    target: '(reference)',
    met: true,
  });
  results.push({
    name: 'index.html with charts, gzipped as CloudFront serves it',
    value: round(gzipSync(page).length / 1024),
    unit: 'KB',
    target: '(reference)',
    met: true,
  });
  return results;
}
