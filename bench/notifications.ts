import { startLocalService } from '../lambdas/local/local-service';
import { type FanOutOptions, startFanOutCluster } from '../test/support/fan-out-cluster';
import { audience } from '../test/support/plan-harness';
import { siteConfig } from '../test/support/site-fixtures';
import { type Measurement, spread } from './status-page';

export { spread };

const FAN_OUT: FanOutOptions = {
  audience: { email: 90_000, sms: 6_000, webhook: 4_000 },
  limits: { emailPerSecond: 1_000, smsPerSecond: 100, webhooksPerSecond: 200 },
  workers: 4,
  loopsPerWorker: 2,
};

/**
 * 100,000 subscribers (email, SMS, webhooks) through four worker processes against providers that
 * enforce their rate and throttle above it: the whole plan should take its channels' N/rate, the
 * first message should leave at once, and the workers together should use the rate, not exceed it.
 */
async function benchFanOut(): Promise<Measurement[]> {
  const cluster = await startFanOutCluster(FAN_OUT);
  const { audience: counts, limits } = FAN_OUT;
  const total = counts.email + counts.sms + counts.webhook;
  const expectedSeconds = Math.max(
    counts.email / limits.emailPerSecond,
    counts.sms / limits.smsPerSecond,
    counts.webhook / limits.webhooksPerSecond,
  );
  let stats: Awaited<ReturnType<typeof cluster.stop>>;
  let declared = 0;
  let shortfall: string | undefined;
  let plannedAfter = Number.NaN;
  try {
    await cluster.startWorkers();
    declared = Date.now();
    const incident = await cluster.api.declare('Region down', 'critical', { api: 'major_outage' });
    await cluster
      .deliveredAtLeast(total, (expectedSeconds * 2 + 60) * 1000)
      .catch((error: Error) => (shortfall = error.message));
    const plan = await cluster.api.stores.plans.get(`incident.${incident.id}.v1`);
    plannedAfter = plan?.plannedAt ? (Date.parse(plan.plannedAt) - declared) / 1000 : Number.NaN;
  } finally {
    stats = await cluster.stop();
  }
  const refused = stats.reduce((n, s) => n + s.failedCount, 0);
  if (shortfall || refused)
    console.error('Not delivered:', shortfall, JSON.stringify(stats.flatMap((s) => s.failed).slice(0, 20)));
  const accepted = cluster.provider.accepted;
  const seconds = (accepted.at(-1)!.at - declared) / 1000;
  const first = (channel: string) => accepted.find((a) => a.channel === channel)!.at - declared;

  /** Recipients a channel's provider accepted in each whole second of its sending, first and last seconds left out. */
  const perSecond = (channel: string) => {
    const counts = new Map<number, number>();
    for (const a of accepted)
      if (a.channel === channel) counts.set(Math.floor(a.at / 1000), (counts.get(Math.floor(a.at / 1000)) ?? 0) + 1);
    const keys = [...counts.keys()].sort((a, b) => a - b).slice(1, -1);
    return keys.map((k) => counts.get(k)!);
  };
  const email = spread(perSecond('email'));
  const sms = spread(perSecond('sms'));
  const writes = stats.reduce((n, s) => n + s.writes.other, 0);
  const queueWrites = stats.reduce((n, s) => n + s.writes.queue, 0);
  const throttled = cluster.provider.throttled.email + cluster.provider.throttled.sms;
  const target = expectedSeconds * 1.05 + 5;
  const duplicates = accepted.length - new Set(accepted.map((a) => a.to)).size;
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  return [
    {
      name: `fan-out: ${total.toLocaleString('en')} subscribers (${counts.email / 1000}k email, ${counts.sms / 1000}k SMS, ${counts.webhook / 1000}k webhooks), ${FAN_OUT.workers} worker processes: declare to last delivery (N/rate ${expectedSeconds} s)`,
      value: Math.round(seconds * 10) / 10,
      unit: 's',
      target: `<= ${target.toFixed(1)} s`,
      met: seconds <= target,
      timing: true,
    },
    {
      name: `fan-out: email accepted per second at a 1,000/s limit, median (p10-p90 ${email.low}-${email.high})`,
      value: Math.round((email.median / limits.emailPerSecond) * 1000) / 10,
      unit: '%',
      target: '95-100 %',
      met: email.median >= 0.95 * limits.emailPerSecond && email.median <= limits.emailPerSecond,
      timing: true,
    },
    {
      name: `fan-out: SMS accepted per second at a 100/s limit, median (p10-p90 ${sms.low}-${sms.high})`,
      value: Math.round((sms.median / limits.smsPerSecond) * 1000) / 10,
      unit: '%',
      target: '95-100 %',
      met: sms.median >= 0.95 * limits.smsPerSecond && sms.median <= limits.smsPerSecond,
      timing: true,
    },
    {
      name: 'fan-out: calls the providers throttled (each retried after a jittered backoff)',
      value: throttled,
      unit: '',
      target: '(reference)',
      met: true,
    },
    {
      name: 'fan-out: the planner had cut the whole audience into batches (200 pages of 500) after',
      value: Math.round(plannedAfter * 10) / 10,
      unit: 's',
      target: '(reference)',
      met: true,
    },
    {
      name: 'fan-out: declare to the first email accepted',
      value: first('email'),
      unit: 'ms',
      target: '< 1000 ms',
      met: first('email') < 1000,
      timing: true,
    },
    {
      name: 'fan-out: declare to the first SMS accepted',
      value: first('sms'),
      unit: 'ms',
      target: '< 1000 ms',
      met: first('sms') < 1000,
      timing: true,
    },
    {
      name: 'fan-out: peak RSS of a worker process',
      value: mb(Math.max(...stats.map((s) => s.peakRss))),
      unit: 'MB',
      target: '(reference)',
      met: true,
    },
    {
      name: 'fan-out: DynamoDB writes per delivered notification (as on AWS: ledger, budget, plan)',
      value: Math.round((writes / total) * 1000) / 1000,
      unit: '',
      target: '< 1',
      met: writes / total < 1,
    },
    {
      name: 'fan-out: plus the local queue stand-in (SQS on AWS), per delivery',
      value: Math.round((queueWrites / total) * 1000) / 1000,
      unit: '',
      target: '(reference)',
      met: true,
    },
    {
      name: 'fan-out: recipients who got a message twice',
      value: duplicates,
      unit: '',
      target: '0',
      met: duplicates === 0,
    },
    {
      name: 'fan-out: recipients never reached (refused for good, or still undelivered)',
      value: total - new Set(accepted.map((a) => a.to)).size,
      unit: '',
      target: '0',
      met: !shortfall && refused === 0,
    },
  ];
}

/** From a declare through the local API to the first email handed to SES (the local emulator), five times. */
async function benchFirstEmail(): Promise<Measurement[]> {
  const key = 'bench-key';
  const config = siteConfig();
  config.responsePlan.limits.emailPerSecond = 2000;
  const service = await startLocalService({
    config,
    apiKeys: [{ key, name: 'bench', scope: 'write' }],
    logLevel: 'SILENT',
    schedulerTickMs: 0,
  });
  const latencies: number[] = [];
  try {
    // A thousand confirmed subscribers, so the first one's email does not wait for the rest.
    for (const subscriber of audience({ email: 1000 })) await service.stores.subscribers.save(subscriber);
    // Only this run's emails (`since`, in epoch seconds): the whole store grows with every run.
    const store = async (since: number) =>
      (
        (await (await fetch(`${service.sesEndpoint}/store?since=${Math.floor(since / 1000)}`)).json()) as {
          emails: { subject: string }[];
        }
      ).emails;
    for (let i = 0; i < 5; i++) {
      const name = `Bench outage ${i}`;
      const declared = performance.now();
      const since = Date.now();
      await fetch(`${service.url}/v1/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, impact: 'major', components: { c0: 'major_outage' } }),
      });
      while (!(await store(since)).some((e) => e.subject.includes(name)))
        await new Promise((resolve) => setTimeout(resolve, 10));
      latencies.push(performance.now() - declared);
      await service.events.idle();
    }
  } finally {
    await service.close();
  }
  const { median, low, high } = spread(latencies);
  return [
    {
      name: `local mode, 1,000 subscribers: declare until the first email is handed to SES, median of 5 (${Math.round(low)}-${Math.round(high)} ms)`,
      value: Math.round(median),
      unit: 'ms',
      target: '< 1000 ms',
      met: median < 1000,
      timing: true,
    },
  ];
}

export async function benchNotifications(): Promise<Measurement[]> {
  return [...(await benchFirstEmail()), ...(await benchFanOut())];
}
