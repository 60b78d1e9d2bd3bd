import type { RunnerTimer } from '../../lambdas/publish/coalescing-runner';

/**
 * A clock that moves only when the test says so: `sleep` resolves when `advance` passes its time.
 * Timing-dependent code is then stepped deterministically, whatever the machine's load.
 */
export class ManualTimer implements RunnerTimer {
  private current = 0;
  private sleepers: { until: number; wake: () => void }[] = [];

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((wake) => this.sleepers.push({ until: this.current + ms, wake }));
  }

  /** How many sleeps are waiting. */
  get waiting(): number {
    return this.sleepers.length;
  }

  /** Moves time on, waking every sleep that is due, and lets what they started run. */
  async advance(ms: number): Promise<void> {
    this.current += ms;
    const due = this.sleepers.filter((s) => s.until <= this.current);
    this.sleepers = this.sleepers.filter((s) => s.until > this.current);
    for (const sleeper of due) sleeper.wake();
    await settle();
  }
}

/** Lets every pending promise callback run (a macrotask turn, after the microtasks). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
