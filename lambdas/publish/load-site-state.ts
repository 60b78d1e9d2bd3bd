import type { LifeboatConfig } from '../core/config';
import type { Incident } from '../core/incident';
import type { Maintenance } from '../core/maintenance';
import { readPageSettings } from '../core/page-settings-service';
import type { Clock, ComponentStore, IncidentStore, MaintenanceStore, Page, PageSettingsStore } from '../core/ports';
import type { ProbeResultStore } from '../core/probes/ports';
import { statusSummary } from '../core/status-context';
import type { SiteState } from '../render/site-state';
import { loadProbeHistory } from './load-probe-history';

const PAGE_SIZE = 100;

/**
 * The stores the site is rendered from, read directly: the publisher changes nothing, so it is
 * built without the core's services (and their write paths stay out of its bundle).
 */
export interface SiteStores {
  incidents: IncidentStore;
  components: ComponentStore;
  maintenances: Pick<MaintenanceStore, 'list'>;
  settings: Pick<PageSettingsStore, 'get'>;
  /** Where probe results are read from, when the config has checks. */
  probeResults?: ProbeResultStore;
}

/** Reads everything the site is rendered from. */
export async function loadSiteState(
  stores: SiteStores,
  config: LifeboatConfig,
  clock: Clock,
  subscribeUrl: string | null,
): Promise<SiteState> {
  const [summary, incidents, maintenances, settings, probes] = await Promise.all([
    statusSummary(stores.incidents, stores.components, config, clock.now().toISOString()),
    readAll<Incident>((page) => stores.incidents.list(page)),
    readAll<Maintenance>((page) => stores.maintenances.list(page)),
    readPageSettings(stores.settings),
    stores.probeResults ? loadProbeHistory(config, stores.probeResults, clock.now().getTime()) : undefined,
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

/** Every item of a paged listing. */
async function readAll<T>(
  list: (page: { limit: number; cursor?: string | undefined }) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: PAGE_SIZE, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
