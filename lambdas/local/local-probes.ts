import type { ComponentSignals } from '../core/component-signals';
import type { LifeboatConfig } from '../core/config';
import type { Clock, ComponentStore, Logger } from '../core/ports';
import type { ProbeResultStore, Prober } from '../core/probes/ports';
import { ProbeRunner, type ProbeRunReport } from '../core/probes/probe-runner';
import { minuteOf } from '../core/probes/probe-samples';
import { type ProbeStatusChange, ProbeStatusService } from '../core/probes/probe-status';

export interface LocalProbesOptions {
  config: LifeboatConfig;
  prober: Prober;
  results: ProbeResultStore;
  componentRecords: ComponentStore;
  signals: ComponentSignals;
  clock: Clock;
  logger: Logger;
  /** Called after each run, e.g. to publish the page with the new figures. */
  afterRun?: () => void;
}

export interface LocalProbeTick {
  runs: ProbeRunReport[];
  changes: ProbeStatusChange[];
}

/**
 * Local mode's probes: this machine plays every configured region (each region's results are
 * stored apart, so quorum works as on AWS), then the same evaluator decides. `tick` is one run; a
 * timer calls it every minute, and tests call it by hand with their own clock.
 */
export class LocalProbes {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<LocalProbeTick> | undefined;
  private readonly runners: ProbeRunner[];
  private readonly status: ProbeStatusService;

  constructor(private readonly options: LocalProbesOptions) {
    const checks = options.config.probes?.checks ?? [];
    this.runners = checks.length
      ? (options.config.probes?.regions ?? []).map(
          (region) =>
            new ProbeRunner({
              checks,
              region,
              prober: options.prober,
              results: options.results,
              clock: options.clock,
              logger: options.logger,
            }),
        )
      : [];
    this.status = new ProbeStatusService(options);
  }

  get enabled(): boolean {
    return this.runners.length > 0;
  }

  /** One run from every region, then the evaluation of it; a tick asked for while one runs joins it. */
  tick(): Promise<LocalProbeTick> {
    this.running ??= this.runOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  start(intervalMs: number): void {
    if (!this.enabled || intervalMs <= 0) return;
    const run = () => {
      this.tick().catch((error: unknown) => this.options.logger.error('A probe run failed', error as Error));
    };
    run(); // the first figures at once, not a minute after the start
    this.timer = setInterval(run, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => {});
  }

  private async runOnce(): Promise<LocalProbeTick> {
    if (!this.enabled) return { runs: [], changes: [] };
    const runs = await Promise.all(this.runners.map((runner) => runner.run()));
    // Every region has answered here, so this minute's run is complete and counts at once.
    const changes = await this.status.evaluate({ through: minuteOf(runs[0]!.minute) });
    this.options.afterRun?.();
    return { runs, changes };
  }
}
