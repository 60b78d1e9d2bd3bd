import { decodeSample } from './probe-samples';

/** What one run of a check says, once every region has answered (or not). */
export type RunVerdict = 'up' | 'degraded' | 'down' | 'unknown';

/** What the probes ask of a component: a status, or to leave it as it is. */
export type ProbeTarget = 'operational' | 'degraded_performance' | 'major_outage' | null;

const RANK: Record<RunVerdict, number> = { up: 0, unknown: 1, degraded: 2, down: 3 };

/**
 * One run of one check across regions (each region's encoded sample, or undefined when it did not
 * report). Down when `quorum` regions saw it fail; degraded when `quorum` saw it fail or slow;
 * up when `quorum` saw it healthy; otherwise unknown: too few regions agree to say anything.
 */
export function runVerdict(
  samples: readonly (number | undefined)[],
  quorum: number,
  degradedAboveMs?: number,
): RunVerdict {
  let down = 0;
  let slow = 0;
  let up = 0;
  for (const value of samples) {
    if (value === undefined) continue;
    const { ok, ms } = decodeSample(value);
    if (!ok) down++;
    else if (degradedAboveMs !== undefined && ms > degradedAboveMs) slow++;
    else up++;
  }
  if (down >= quorum) return 'down';
  if (down + slow >= quorum) return 'degraded';
  if (up >= quorum) return 'up';
  return 'unknown';
}

/** A component's run: the worst of its checks' (unknown blocks a recovery but is no failure). */
export function worstVerdict(verdicts: Iterable<RunVerdict>): RunVerdict {
  let worst: RunVerdict = 'up';
  let any = false;
  for (const v of verdicts) {
    any = true;
    if (RANK[v] > RANK[worst]) worst = v;
  }
  return any ? worst : 'unknown';
}

export interface Thresholds {
  failuresToDegrade: number;
  failuresToDown: number;
  successesToRecover: number;
}

/**
 * What consecutive runs (oldest first, the last the newest complete run) ask of the component:
 * major_outage after `failuresToDown` down runs in a row, degraded_performance after
 * `failuresToDegrade` degraded-or-down runs in a row, operational after `successesToRecover` up
 * runs in a row; anything else leaves the component as it is.
 */
export function probeTarget(runs: readonly RunVerdict[], thresholds: Thresholds): ProbeTarget {
  const tailAll = (n: number, accept: (v: RunVerdict) => boolean) => runs.length >= n && runs.slice(-n).every(accept);
  if (tailAll(thresholds.failuresToDown, (v) => v === 'down')) return 'major_outage';
  if (tailAll(thresholds.failuresToDegrade, (v) => v === 'down' || v === 'degraded')) return 'degraded_performance';
  if (tailAll(thresholds.successesToRecover, (v) => v === 'up')) return 'operational';
  return null;
}
