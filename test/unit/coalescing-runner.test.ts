import { describe, expect, it } from 'vitest';
import { CoalescingRunner } from '../../lambdas/publish/coalescing-runner';
import { ManualTimer, settle } from '../support/manual-timer';

/** A task whose runs the test finishes by hand: `finish()` ends the oldest run still going. */
function controlledTask() {
  const runs: { sawRequests: number; done: () => void }[] = [];
  let requested = 0;
  return {
    request: () => ++requested,
    runs,
    task: () => new Promise<void>((done) => runs.push({ sawRequests: requested, done })),
    finishAll: () => {
      for (const r of runs) r.done();
    },
  };
}

const rethrow = (e: unknown) => {
  throw e;
};

describe('coalescing publishes', () => {
  it('turns a burst of 10 requests within the interval into two runs, the last after the burst', async () => {
    const timer = new ManualTimer();
    const work = controlledTask();
    const runner = new CoalescingRunner(work.task, 1000, rethrow, timer);
    const done: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      work.request();
      done.push(runner.request());
      await settle();
      if (i === 0) work.finishAll(); // the first run ends early in the burst
      await timer.advance(90); // 10 requests over 900 ms, inside the 1,000 ms interval
    }
    expect(work.runs).toHaveLength(1);
    await timer.advance(100); // the interval ends: the coalesced run starts
    expect(work.runs).toHaveLength(2);
    work.finishAll();
    await Promise.all(done);
    expect(work.runs.map((r) => r.sawRequests)).toEqual([1, 10]); // the last run saw every request
  });

  it('holds requests made while a run is still going for one run after it, however long it takes', async () => {
    const timer = new ManualTimer();
    const work = controlledTask();
    const runner = new CoalescingRunner(work.task, 1000, rethrow, timer);
    void runner.request();
    await settle();
    await timer.advance(5000); // the first run is slow: past its interval, still going
    const during = [runner.request(), runner.request(), runner.request()];
    await settle();
    expect(work.runs).toHaveLength(1);
    work.finishAll();
    await settle();
    expect(work.runs).toHaveLength(2); // the interval was over: the queued run starts as soon as the first ends
    work.finishAll();
    await Promise.all(during);
    await runner.idle();
  });

  it('runs at once when idle, and resolves each request only after a run that covers it', async () => {
    const timer = new ManualTimer();
    let runs = 0;
    const runner = new CoalescingRunner(
      async () => void runs++,
      50,
      () => {},
      timer,
    );
    await runner.request();
    expect(runs).toBe(1);
    const second = runner.request(); // within the interval: waits for it
    await settle();
    expect(runs).toBe(1);
    await timer.advance(50);
    await second;
    expect(runs).toBe(2);
    await runner.idle();
  });

  it('keeps going after a failed run', async () => {
    const timer = new ManualTimer();
    const errors: unknown[] = [];
    let runs = 0;
    const runner = new CoalescingRunner(
      async () => {
        runs++;
        if (runs === 1) throw new Error('S3 down');
      },
      10,
      (e) => errors.push(e),
      timer,
    );
    await runner.request();
    const next = runner.request();
    await timer.advance(10);
    await next;
    expect(runs).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
