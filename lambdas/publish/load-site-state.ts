import type { LifeboatConfig } from '../core/config';
import type { Incident } from '../core/incident';
import type { Clock } from '../core/ports';
import type { ProbeResultStore } from '../core/probes/ports';
import type { CoreServices } from '../core/services';
import type { SiteState } from '../render/site-state';
import { loadProbeHistory } from './load-probe-history';

const PAGE_SIZE = 100;

/** Reads everything the site is rendered from. */
export async function loadSiteState(
  services: CoreServices,
  config: LifeboatConfig,
  clock: Clock,
  subscribeUrl: string | null,
  /** Where probe results are read from, when the config has checks. */
  probeResults?: ProbeResultStore,
): Promise<SiteState> {
  const [summary, incidents, maintenances, settings, probes] = await Promise.all([
    services.components.summary(),
    allIncidents(services),
    services.maintenances.listAll(),
    services.pageSettings.get(),
    probeResults ? loadProbeHistory(config, probeResults, clock.now().getTime()) : undefined,
  ]);
  // Rounded up to the minute: renders within a minute are identical, and an incident declared
  // seconds ago already counts against today's uptime.
  const now = new Date(Math.ceil(clock.now().getTime() / 60_000) * 60_000).toISOString();
  return {
    config,
    status: summary.status,
    components: summary.components,
    incidents,
    maintenances,
    outageMessage: settings.outageMessage,
    subscribeUrl,
    now,
    ...(probes && Object.keys(probes).length ? { probes } : {}),
  };
}

async function allIncidents(services: CoreServices): Promise<Incident[]> {
  const incidents: Incident[] = [];
  let cursor: string | undefined;
  do {
    const page = await services.incidents.list({ limit: PAGE_SIZE, cursor });
    incidents.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return incidents;
}
