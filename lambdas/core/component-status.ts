import { type ComponentStatus, worstStatus } from './component';
import { type Incident, isOpen } from './incident';

/** What decides a component's effective status: its baseline and the incidents still open. */
export interface StatusContext {
  baselines: ReadonlyMap<string, ComponentStatus>;
  openIncidents: readonly Incident[];
  /** Statuses held by alerts and probes (see ComponentSignals), by component. */
  signals?: ReadonlyMap<string, readonly ComponentStatus[]>;
}

/**
 * A component's effective status is the worst of its baseline (set by hand, normally operational)
 * and the status every open incident gives it. Deriving it, rather than storing it, is what makes
 * "resolve restores" exact: when the last incident touching a component closes, the component is
 * back at its baseline, and while another incident still affects it, it keeps that one's status.
 * Signals (a firing alert, a failing probe) count the same way: clearing one restores exactly.
 */
export function effectiveStatus(ctx: StatusContext, componentId: string): ComponentStatus {
  const claims = ctx.openIncidents
    .filter(isOpen)
    .map((incident) => incident.components[componentId])
    .filter((status): status is ComponentStatus => status !== undefined);
  const signals = ctx.signals?.get(componentId) ?? [];
  return worstStatus([ctx.baselines.get(componentId) ?? 'operational', ...signals, ...claims]);
}
