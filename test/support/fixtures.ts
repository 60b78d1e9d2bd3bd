import type { ComponentStatus } from '../../lambdas/core/component';
import type { StatusContext } from '../../lambdas/core/component-status';
import type { Incident } from '../../lambdas/core/incident';
import type { StepContext } from '../../lambdas/core/lifecycle';

export const ONCALL = { channel: 'api', name: 'on-call' } as const;

export function statusContext(
  openIncidents: Incident[] = [],
  baselines: Record<string, ComponentStatus> = {},
): StatusContext {
  return { baselines: new Map(Object.entries(baselines)), openIncidents };
}

let counter = 0;

/** A step context at a given minute past 10:00 UTC. */
export function step(minute: number, statuses: StatusContext = statusContext()): StepContext {
  return {
    now: new Date(Date.UTC(2026, 10, 21, 10, minute)).toISOString(),
    actor: ONCALL,
    updateId: `update-${++counter}`,
    statuses,
  };
}
