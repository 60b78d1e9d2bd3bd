import type { LifeboatConfig } from '../core/config';
import type { ProbeResultStore } from '../core/probes/ports';
import { DAY_MS, type ProbeHistory, probeHistory } from '../core/probes/probe-samples';

/** Every probed component's history for the page: all its checks from all regions, 90 days of hours. */
export async function loadProbeHistory(
  config: LifeboatConfig,
  results: ProbeResultStore,
  now: number,
): Promise<Record<string, ProbeHistory>> {
  const probes = config.probes;
  if (!probes?.checks.length) return {};
  const from = now - 89 * DAY_MS;
  const byComponent = new Map<string, Promise<Awaited<ReturnType<ProbeResultStore['hourAggregates']>>>[]>();
  for (const check of probes.checks) {
    const reads = probes.regions.map((region) => results.hourAggregates({ checkId: check.id, region }, from, now));
    byComponent.set(check.component, [...(byComponent.get(check.component) ?? []), ...reads]);
  }
  const entries = await Promise.all(
    [...byComponent].map(async ([id, reads]) => [id, probeHistory(await Promise.all(reads), now)] as const),
  );
  return Object.fromEntries(entries);
}
