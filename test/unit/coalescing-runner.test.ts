import { describe, expect, it } from 'vitest';
import { CoalescingRunner } from '../../lambdas/publish/coalescing-runner';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('coalescing publishes', () => {
  it('turns a burst of 10 requests in one second into at most two runs, the last after the burst', async () => {
    const runs: number[] = [];
    let requestsSeen = 0;
    let requested = 0;
    const runner = new CoalescingRunner(
      async () => {
        runs.push(requested);
        requestsSeen = requested;
        await sleep(30);
      },
      1000,
      (e) => {
        throw e;
      },
    );
    const done: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      requested++;
      done.push(runner.request());
      await sleep(90);
    }
    await Promise.all(done);
    expect(runs.length).toBeLessThanOrEqual(2);
    expect(runs[0]).toBe(1);
    expect(requestsSeen).toBe(10); // the last run saw every request
  });

  it('runs at once when idle, and resolves each request only after a run that covers it', async () => {
    let runs = 0;
    const runner = new CoalescingRunner(async () => void runs++, 50, () => {});
    await runner.request();
    expect(runs).toBe(1);
    await runner.request();
    expect(runs).toBe(2);
    await runner.idle();
  });

  it('keeps going after a failed run', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const runner = new CoalescingRunner(
      async () => {
        runs++;
        if (runs === 1) throw new Error('S3 down');
      },
      10,
      (e) => errors.push(e),
    );
    await runner.request();
    await runner.request();
    expect(runs).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
