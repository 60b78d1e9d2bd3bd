import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3SiteBucket } from '../lambdas/adapters/aws/s3-site-bucket';
import { NoContentDelivery } from '../lambdas/adapters/local/no-cdn';
import { S3RVER_CREDENTIALS, startS3 } from '../lambdas/local/emulators';
import { SitePublisher } from '../lambdas/publish/site-publisher';
import { renderSite } from '../lambdas/render/render-site';
import { fileOf, History, NOW, siteConfig } from '../test/support/site-fixtures';

export interface Measurement {
  name: string;
  value: number;
  unit: string;
  target: string;
  met: boolean;
  /**
   * A wall-clock time, which other processes on the machine stretch: its target keeps the margin
   * to hold on a loaded 2-core machine.
   */
  timing?: boolean;
}

/** The middle value, and the spread around it as "p10-p90" (with few runs: min-max). */
export function spread(values: number[]): { median: number; low: number; high: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), low: at(0.1), high: at(0.9) };
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** A page with `components` components and `past` resolved incidents spread over the last year. */
function bigHistory(components: number, past: number): History {
  const history = new History(siteConfig({ components }));
  const now = Date.parse(NOW);
  for (let i = 0; i < past; i++) {
    const start = new Date(now - ((i + 1) * 365 * 86_400_000) / past).toISOString();
    const incident = history.declare(
      start,
      `Past incident ${i}: elevated errors`,
      i % 7 === 0 ? 'major' : 'minor',
      {
        [`c${i % components}`]: i % 5 === 0 ? 'major_outage' : 'degraded_performance',
      },
      'We are investigating elevated error rates.',
    );
    history.update(
      incident.id,
      new Date(Date.parse(start) + 600_000).toISOString(),
      'identified',
      'The cause is identified; a fix is rolling out.',
    );
    history.resolve(
      incident.id,
      new Date(Date.parse(start) + 3_600_000).toISOString(),
      'Resolved: error rates are back to normal.',
    );
  }
  return history;
}

export async function benchStatusPage(): Promise<Measurement[]> {
  const results: Measurement[] = [];

  // Full render: 50 components, 1,000 past incidents.
  const history = bigHistory(50, 1000);
  const open = history.declare('2026-11-21T11:00:00Z', 'Ongoing outage', 'critical', { c0: 'major_outage' });
  renderSite(history.state()); // warm up
  const renders: number[] = [];
  // A fresh config object each time: nothing from an earlier render is reused (a cold start).
  for (let i = 0; i < 9; i++)
    renders.push(await time(() => renderSite({ ...history.state(), config: { ...history.state().config } })));
  const render = spread(renders);
  results.push({
    name: `full render from cold, 50 components, 1,000 past incidents (median of 9, p10-p90 ${round(render.low)}-${round(render.high)} ms)`,
    value: round(render.median),
    unit: 'ms',
    target: '< 300 ms',
    met: render.median < 300,
    timing: true,
  });

  // Publish after one update, changed objects only, against s3rver.
  const directory = await mkdtemp(join(tmpdir(), 'lifeboat-bench-'));
  const s3 = await startS3({ directory, buckets: ['bench'] });
  const publisher = new SitePublisher({
    bucket: new S3SiteBucket({
      bucket: 'bench',
      endpoint: s3.endpoint,
      region: 'us-east-1',
      credentials: S3RVER_CREDENTIALS,
    }),
    cdn: new NoContentDelivery(),
    render: async () => renderSite(history.state()),
  });
  const first = await time(() => publisher.publish());
  const publishes: number[] = [];
  let uploaded = 0;
  for (let i = 0; i < 9; i++) {
    history.update(open.id, `2026-11-21T11:${10 + i}:00Z`, 'identified', `Update ${i}: still working on it.`);
    publishes.push(
      await time(async () => {
        uploaded = (await publisher.publish()).uploaded.length;
      }),
    );
  }
  const publish = spread(publishes);
  results.push({
    name: 'first publish of the whole site to s3rver',
    value: round(first),
    unit: 'ms',
    target: '(reference)',
    met: true,
  });
  results.push({
    name: `publish after one update, ${uploaded} changed objects uploaded to s3rver (median of 9, p10-p90 ${round(publish.low)}-${round(publish.high)} ms)`,
    value: round(publish.median),
    unit: 'ms',
    target: '< 200 ms',
    met: publish.median < 200,
    timing: true,
  });
  await s3.close();
  await rm(directory, { recursive: true, force: true });

  // Page weight: 20 components and 5 active incidents.
  const busy = bigHistory(20, 100);
  for (let i = 0; i < 5; i++) {
    const incident = busy.declare(
      `2026-11-21T0${i}:00:00Z`,
      `Active incident ${i}`,
      'major',
      { [`c${i}`]: 'major_outage' },
      'We are investigating reports of errors.',
    );
    busy.update(incident.id, `2026-11-21T0${i}:20:00Z`, 'identified', 'A failed deploy; rolling back now.');
  }
  const bytes = Buffer.byteLength(fileOf(renderSite(busy.state()), 'index.html'));
  results.push({
    name: 'index.html, 20 components, 5 active incidents',
    value: round(bytes / 1024),
    unit: 'KB',
    target: '<= 30 KB',
    met: bytes <= 30 * 1024,
  });
  return results;
}

const round = (n: number) => Math.round(n * 10) / 10;
