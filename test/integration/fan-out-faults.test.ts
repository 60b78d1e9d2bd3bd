import { describe, expect, it } from 'vitest';
import type { EventPublisher } from '../../lambdas/core/ports';
import { startFanOutCluster } from '../support/fan-out-cluster';
import { seededRandom } from '../support/random';

const KILLS = 10;

describe('a fan-out whose workers are killed', () => {
  it(`gets every subscriber exactly one message, but for at most one batch per kill, through ${KILLS} SIGKILLs and a failed publish`, async () => {
    let publishFailures = 0;
    const failOnce = (sink: EventPublisher): EventPublisher => ({
      publish: async (events) => {
        if (publishFailures++ === 0) throw new Error('EventBridge is unavailable');
        return sink.publish(events);
      },
    });
    // Slow enough providers that the kills land mid-plan: about ten seconds of sending.
    const cluster = await startFanOutCluster({
      audience: { email: 2000, sms: 200, webhook: 200 },
      limits: { emailPerSecond: 200, smsPerSecond: 20, webhooksPerSecond: 20 },
      workers: 4,
      loopsPerWorker: 1,
      leaseSeconds: 4,
      sink: failOnce,
    });
    try {
      await cluster.startWorkers();
      await cluster.api.declare('Database down', 'critical', { api: 'major_outage' });
      const total = cluster.people.length;
      await cluster.deliveredAtLeast(1, 30_000);

      const random = seededRandom(20261123).next;
      for (let kill = 0; kill < KILLS; kill++) {
        await new Promise((resolve) => setTimeout(resolve, 200 + random() * 800));
        await cluster.killAndRestart(Math.floor(random() * 4));
      }
      await cluster.deliveredAtLeast(total, 120_000);
      // Count only once every job has finished: a batch a killed worker held goes again only when
      // its lease runs out, so waiting a fixed time could count before a repeat lands.
      const deadline = Date.now() + 120_000;
      while ((await cluster.api.queue.dueWithin(3_600_000)) > 0) {
        if (Date.now() > deadline)
          throw new Error('jobs were still queued or leased two minutes after the last delivery');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      const received = new Map<string, number>();
      for (const { to } of cluster.provider.accepted) received.set(to, (received.get(to) ?? 0) + 1);
      const addresses = cluster.people.map((p) => (p.channel === 'webhook' ? new URL(p.address).pathname : p.address));
      const missing = addresses.filter((a) => !received.has(a));
      expect(missing).toEqual([]);
      expect(received.size).toBe(total);

      // Everything beyond one message each was sent again after a kill: at most one batch per kill,
      // that is one bulk email call (50 recipients) or ten SMS or webhooks.
      const seen = new Set<string>();
      const repeatedEmailCalls = new Set<number>();
      let repeatedSingles = 0;
      for (const { to, call, channel } of cluster.provider.accepted) {
        if (seen.has(to)) {
          if (channel === 'email') repeatedEmailCalls.add(call);
          else repeatedSingles++;
        }
        seen.add(to);
      }
      expect(repeatedEmailCalls.size + Math.ceil(repeatedSingles / 10)).toBeLessThanOrEqual(KILLS);
      const duplicates = cluster.provider.accepted.length - total;
      expect(publishFailures).toBeGreaterThanOrEqual(2);
      console.log(
        `fault test: ${total} subscribers, ${KILLS} kills, ${duplicates} repeated (${repeatedEmailCalls.size} email calls, ${repeatedSingles} SMS or webhooks)`,
      );
    } finally {
      await cluster.stop();
    }
  }, 240_000);
});
