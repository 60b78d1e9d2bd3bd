import type { Actor } from '../actor';
import type { ComponentStatus } from '../component';
import type { ComponentSignals } from '../component-signals';
import type { LifeboatConfig } from '../config';
import type { Clock, ComponentStore, Logger } from '../ports';
import type { ProbeResultStore } from './ports';
import { type ProbeTarget, probeTarget, type RunVerdict, runVerdict, worstVerdict } from './probe-quorum';
import { MINUTE_MS, minuteOf } from './probe-samples';

/** Who the audit trail names for a change the probes made. */
export const PROBE_ACTOR: Actor = { channel: 'probe', name: 'probes' };

/** The name the probes' signal has on a component (alerts have theirs). */
export const PROBE_SIGNAL = 'probe';

export interface ProbeStatusDeps {
  config: LifeboatConfig;
  results: ProbeResultStore;
  /** Read for the signal the probes hold now and for the baseline. */
  componentRecords: ComponentStore;
  /** How the probes change a component: a signal of their own, audited and announced. */
  signals: ComponentSignals;
  clock: Clock;
  logger?: Logger;
}

export interface ProbeStatusChange {
  componentId: string;
  /** What the probes held before (operational: nothing) and hold now. */
  from: ComponentStatus;
  to: ComponentStatus;
}

/**
 * Turns probe results into component status. Every region's samples of the last few runs are
 * read again each time, so the decision is a pure function of stored results: a crash, a retry or
 * a second evaluator at once comes to the same answer.
 *
 * The probes hold a signal on the component, as alerts do: the page shows the worst of the
 * baseline a person set, every signal and every open incident, so the probes can never make
 * milder what anyone else says, and their recovery takes only their own signal away. While a
 * person has put a component under maintenance, the probes hold nothing on it.
 */
export class ProbeStatusService {
  constructor(private readonly deps: ProbeStatusDeps) {}

  /**
   * Evaluates every component with checks, up to the run of minute `through` (by default the
   * previous minute: the newest run every region has had time to finish).
   */
  async evaluate(options: { through?: number } = {}): Promise<ProbeStatusChange[]> {
    const probes = this.deps.config.probes;
    if (!probes?.checks.length) return [];
    const through = minuteOf(options.through ?? this.deps.clock.now().getTime() - MINUTE_MS);
    const componentIds = [...new Set(probes.checks.map((c) => c.component))];
    const changes: ProbeStatusChange[] = [];
    for (const componentId of componentIds) {
      const target = probeTarget(await this.runs(componentId, through), probes);
      const change = await this.apply(componentId, target, through);
      if (change) changes.push(change);
    }
    return changes;
  }

  /** The component's recent runs, oldest first: each the worst of its checks' quorum verdicts. */
  async runs(componentId: string, through: number): Promise<RunVerdict[]> {
    const probes = this.deps.config.probes!;
    const window = Math.max(probes.failuresToDegrade, probes.failuresToDown, probes.successesToRecover);
    const from = through - (window - 1) * MINUTE_MS;
    const checks = probes.checks.filter((c) => c.component === componentId);
    const perCheck = await Promise.all(
      checks.map(async (check) => {
        const byRegion = await Promise.all(
          probes.regions.map((region) => this.deps.results.samples({ checkId: check.id, region }, from, through)),
        );
        return Array.from({ length: window }, (_, i) => {
          const minute = from + i * MINUTE_MS;
          return runVerdict(
            byRegion.map((samples) => samples.get(minute)),
            probes.quorum,
            check.degradedAboveMs,
          );
        });
      }),
    );
    return Array.from({ length: window }, (_, i) => worstVerdict(perCheck.map((runs) => runs[i]!)));
  }

  private async apply(componentId: string, target: ProbeTarget, through: number): Promise<ProbeStatusChange | null> {
    const { deps } = this;
    if (target === null) return null;
    const record = await deps.componentRecords.get(componentId);
    const held = record?.signals?.[PROBE_SIGNAL]?.status;
    const maintenance = (record?.baselineStatus ?? deps.config.defaultComponentStatus) === 'under_maintenance';
    const wanted: ComponentStatus | undefined = target === 'operational' || maintenance ? undefined : target;
    if (wanted === held) return null;
    const runs =
      target === 'major_outage'
        ? deps.config.probes!.failuresToDown
        : target === 'degraded_performance'
          ? deps.config.probes!.failuresToDegrade
          : deps.config.probes!.successesToRecover;
    const cause = {
      actor: PROBE_ACTOR,
      // One decision per component and evaluated minute: a repeated evaluation records nothing new.
      id: `probe.${componentId}.${new Date(through).toISOString()}`,
      summary: wanted
        ? `probes: ${wanted} (${runs} runs in a row, quorum ${deps.config.probes!.quorum} of ${deps.config.probes!.regions.length} regions)`
        : maintenance
          ? 'probes: signal cleared (under maintenance)'
          : `probes: operational again (${runs} healthy runs in a row)`,
    };
    if (wanted) await deps.signals.raise(componentId, PROBE_SIGNAL, wanted, cause);
    else await deps.signals.clear(componentId, PROBE_SIGNAL, cause);
    deps.logger?.info('Probes changed their signal on a component', {
      componentId,
      from: held ?? 'operational',
      to: wanted ?? 'operational',
    });
    return { componentId, from: held ?? 'operational', to: wanted ?? 'operational' };
  }
}
