import { LANES, type Lane, type NotificationJob } from '../../plan/jobs';
import type { ReceivedJob, TableJobQueue } from './table-job-queue';

export interface JobWorkersOptions {
  /**
   * Worker loops in this process for each provider's lane (planning has one): the local stand-in
   * for concurrent Lambda invocations.
   */
  workers: number;
  /** How long an idle loop first waits before looking again; it waits longer (up to 8×) while nothing comes. */
  pollMs: number;
  /** A job failed (it will be retried), or receiving failed (`job` undefined). */
  onError: (error: unknown, job: NotificationJob | undefined) => void;
  /** The first retry's backoff cap; it doubles with each receive, up to 30 s. */
  retryBaseMs?: number;
  random?: () => number;
}

/**
 * Worker loops over the table queue, as Lambda's SQS pollers run the notifier, each loop on one
 * lane: receive a job, run it, complete it; a failure makes it visible again after a backoff with
 * full jitter (or when the error says it can succeed).
 */
export class JobWorkers {
  private stopped = true;
  private loops: Promise<void>[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly sleeping = new Set<() => void>();

  constructor(
    private readonly queue: TableJobQueue,
    private readonly run: (job: NotificationJob) => Promise<void>,
    private readonly options: JobWorkersOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loops = LANES.flatMap((lane) =>
      Array.from({ length: lane === 'plan' ? 1 : this.options.workers }, () => this.loop(lane)),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await Promise.all(this.loops);
    await Promise.all([...this.running]);
  }

  /** Receives and runs one job of the lane (of any lane, by default); false when none was visible. */
  async runOne(lane?: Lane): Promise<boolean> {
    for (const candidate of lane ? [lane] : LANES) {
      const received = await this.queue.receive(candidate);
      if (!received) continue;
      const work = this.handle(received);
      this.running.add(work);
      await work.finally(() => this.running.delete(work));
      return true;
    }
    return false;
  }

  /** Wakes idle loops at once: jobs were queued by this very process (local mode's planner). */
  wake(): void {
    for (const resume of this.sleeping) resume();
  }

  /** Jobs being run by this process right now. */
  get busy(): number {
    return this.running.size;
  }

  private async loop(lane: Lane): Promise<void> {
    // An idle loop looks less and less often (as SQS long polling spares the queue), with jitter so
    // that loops do not look together; any job brings it back to its quickest.
    let wait = this.options.pollMs;
    const random = this.options.random ?? Math.random;
    while (!this.stopped) {
      const ran = await this.runOne(lane).catch((error: unknown) => {
        this.options.onError(error, undefined);
        return false;
      });
      if (ran) wait = this.options.pollMs;
      else if (!this.stopped) {
        const woken = await this.sleep(wait * (0.5 + random()));
        wait = woken ? this.options.pollMs : Math.min(wait * 2, this.options.pollMs * 8);
      }
    }
  }

  /** Sleeps `ms`, or less if woken; resolves true when woken. */
  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const resume = () => {
        clearTimeout(timer);
        this.sleeping.delete(resume);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.sleeping.delete(resume);
        resolve(false);
      }, ms);
      this.sleeping.add(resume);
    });
  }

  private async handle(received: ReceivedJob): Promise<void> {
    try {
      await this.run(received.job);
      await this.queue.complete(received);
    } catch (error) {
      this.options.onError(error, received.job);
      // An error may say when a retry can succeed (a batch whose claimant's lease runs until then).
      const random = (this.options.random ?? Math.random)();
      const after = (error as { retryAfterMs?: number }).retryAfterMs;
      const delay =
        after !== undefined
          ? after + random * 1000
          : random * Math.min(30_000, (this.options.retryBaseMs ?? 500) * 2 ** received.receives);
      await this.queue.retry(received, delay).catch(() => {});
    }
  }
}
