/** Time as the runner sees it: injected, so tests step through an interval instead of sleeping. */
export interface RunnerTimer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: RunnerTimer = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

/**
 * Runs a task on request, but never more than once per interval: the first request runs at once,
 * and every request that arrives while it runs, or within the interval after it started, is served
 * by a single run at the end of the interval. A burst of changes therefore costs at most two runs.
 */
export class CoalescingRunner {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
    private readonly timer: RunnerTimer = realTimer,
  ) {}

  /** Resolves once a run that started after this request has finished. */
  request(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running && this.timer.now() - this.lastStart >= this.intervalMs) return this.start();
    const after = this.running ?? Promise.resolve();
    this.queued = after
      .then(() => this.timer.sleep(Math.max(0, this.lastStart + this.intervalMs - this.timer.now())))
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  /** Resolves when nothing is running or queued. */
  async idle(): Promise<void> {
    while (this.running || this.queued) await (this.queued ?? this.running);
  }

  private start(): Promise<void> {
    this.lastStart = this.timer.now();
    const run = this.task()
      .catch(this.onError)
      .finally(() => {
        if (this.running === run) this.running = undefined;
      });
    this.running = run;
    return run;
  }
}
