import type { Actor } from '../actor';
import { COMPONENT_STATUSES, type ComponentStatus } from '../component';
import type { ComponentService } from '../component-service';
import type { LifeboatConfig } from '../config';
import type { Clock, ComponentStore, Logger } from '../ports';
import { MINUTE_MS, minuteOf } from './probe-samples';
import { type ProbeTarget, type RunVerdict, probeTarget, runVerdict, worstVerdict } from './probe-quorum';
import type { ProbeResultStore, ProbeVerdictStore } from './ports';

/** Who the audit trail names for a change the probes made. */
export const PROBE_ACTOR: Actor = { channel: 'probe', name: 'probes' };

export interface ProbeStatusDeps {
  config: LifeboatConfig;
  results: ProbeResultStore;
  verdicts: ProbeVerdictStore;
  /** Read for each component's baseline; changes go through the component service. */
  componentRecords: ComponentStore;
  components: ComponentService;
  clock: Clock;
  logger?: Logger;
}

export interface ProbeStatusChange {
  componentId: string;
  from: ComponentStatus;
  to: ComponentStatus;
}

const severity = (status: ComponentStatus) => COMPONENT_STATUSES.indexOf(status);

/**
 * Turns probe results into component status. Every region's samples of the last few runs are
 * read again each time, so the decision is a pure function of stored results: a crash, a retry or
 * a second evaluator at once comes to the same answer.
 *
 * The probes never touch a component under maintenance, never make milder what a person set, and
 * put a component back to operational only if they were the ones who moved it.
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
      const change = await this.apply(componentId, target);
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
        const byRegion = await Promise.all(probes.regions.map((region) => this.deps.results.samples({ checkId: check.id, region }, from, through)));
        return Array.from({ length: window }, (_, i) => {
          const minute = from + i * MINUTE_MS;
          return runVerdict(byRegion.map((samples) => samples.get(minute)), probes.quorum, check.degradedAboveMs);
        });
      }),
    );
    return Array.from({ length: window }, (_, i) => worstVerdict(perCheck.map((runs) => runs[i]!)));
  }

  private async apply(componentId: string, target: ProbeTarget): Promise<ProbeStatusChange | null> {
    const { deps } = this;
    if (target === null) return null;
    const baseline = (await deps.componentRecords.get(componentId))?.baselineStatus ?? deps.config.defaultComponentStatus;
    if (baseline === target || baseline === 'under_maintenance') return null;
    const ownChange = (await deps.verdicts.get(componentId)) === baseline;
    const at = deps.clock.now().toISOString();
    if (target === 'operational') {
      if (!ownChange) return null;
      // The status first: should this stop half-way, the verdict still says the probes own it.
      await deps.components.setStatus(componentId, target, PROBE_ACTOR);
      await deps.verdicts.put(componentId, target, at);
    } else {
      if (severity(target) < severity(baseline) && !ownChange) return null;
      // The verdict first: should this stop half-way, the next run sets the status it names.
      await deps.verdicts.put(componentId, target, at);
      await deps.components.setStatus(componentId, target, PROBE_ACTOR);
    }
    deps.logger?.info('Probes changed a component', { componentId, from: baseline, to: target });
    return { componentId, from: baseline, to: target };
  }
}
