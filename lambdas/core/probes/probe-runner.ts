import type { Clock, Logger } from '../ports';
import type { Observation, ProbeResultStore, Prober } from './ports';
import type { ProbeCheck } from './probe-config';
import { aggregateSamples, encodeSample, HOUR_MS, minuteOf, type ProbeResult } from './probe-samples';

/** Whether what the network said counts as up, by the check's own terms. */
export function judge(check: ProbeCheck, observation: Observation): ProbeResult {
  const { ms } = observation;
  if (observation.kind === 'error') return { ok: false, ms, error: observation.error };
  if (ms > check.timeoutMs)
    return { ok: false, ms, error: `took ${Math.round(ms)} ms, over the ${check.timeoutMs} ms timeout` };
  switch (check.type) {
    case 'http': {
      if (observation.kind !== 'http')
        return { ok: false, ms, error: `expected an HTTP answer, got ${observation.kind}` };
      const expected = check.expectStatus
        ? check.expectStatus.includes(observation.status)
        : observation.status >= 200 && observation.status < 400;
      if (!expected) return { ok: false, ms, error: `HTTP ${observation.status}` };
      if (check.bodyContains !== undefined && !observation.body.includes(check.bodyContains)) {
        return { ok: false, ms, error: 'the body lacks the expected text' };
      }
      return { ok: true, ms };
    }
    case 'tcp':
      return observation.kind === 'tcp'
        ? { ok: true, ms }
        : { ok: false, ms, error: `expected a connection, got ${observation.kind}` };
    case 'dns': {
      if (observation.kind !== 'dns') return { ok: false, ms, error: `expected a DNS answer, got ${observation.kind}` };
      if (observation.addresses.length === 0) return { ok: false, ms, error: 'no address' };
      if (check.expectAddresses && !observation.addresses.some((a) => check.expectAddresses!.includes(a))) {
        return { ok: false, ms, error: `unexpected addresses ${observation.addresses.join(', ')}` };
      }
      return { ok: true, ms };
    }
  }
}

export interface ProbeRunnerDeps {
  checks: readonly ProbeCheck[];
  /** Where this runner runs from; its results are stored under it. */
  region: string;
  prober: Prober;
  results: ProbeResultStore;
  clock: Clock;
  logger?: Logger;
  /** Checks in flight at once. */
  concurrency?: number;
}

export interface ProbeRunReport {
  minute: number;
  results: { checkId: string; result: ProbeResult }[];
}

/**
 * One run of every check from one region: observe, judge, store the sample in its hour and the
 * hour's sums in its day. A run is keyed by its minute, so a retried run overwrites itself.
 */
export class ProbeRunner {
  constructor(private readonly deps: ProbeRunnerDeps) {}

  async run(): Promise<ProbeRunReport> {
    const { deps } = this;
    const minute = minuteOf(deps.clock.now());
    const results: ProbeRunReport['results'] = [];
    const queue = [...deps.checks];
    const worker = async () => {
      for (let check = queue.shift(); check; check = queue.shift()) {
        results.push({ checkId: check.id, result: await this.runOne(check, minute) });
      }
    };
    await Promise.all(Array.from({ length: Math.min(deps.concurrency ?? 10, queue.length) }, worker));
    return { minute, results };
  }

  private async runOne(check: ProbeCheck, minute: number): Promise<ProbeResult> {
    const { deps } = this;
    let observation: Observation;
    try {
      observation = await deps.prober.observe(check);
    } catch (error) {
      observation = { kind: 'error', error: (error as Error).message, ms: check.timeoutMs };
    }
    const result = judge(check, observation);
    if (!result.ok)
      deps.logger?.info('A probe failed', {
        check: check.id,
        region: deps.region,
        error: result.error,
        ms: Math.round(result.ms),
      });
    const series = { checkId: check.id, region: deps.region };
    const hour = await deps.results.putSample(series, minute, encodeSample(result));
    await deps.results.putHourAggregate(series, Math.floor(minute / HOUR_MS) * HOUR_MS, aggregateSamples(hour));
    return result;
  }
}
