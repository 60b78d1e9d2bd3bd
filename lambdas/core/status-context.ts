import type { Component, ComponentRecord, ComponentStatus } from './component';
import { effectiveStatus, type StatusContext } from './component-status';
import type { LifeboatConfig } from './config';
import type { Incident } from './incident';
import { type PageStatus, pageStatus } from './page-status';
import type { ComponentStore, IncidentStore } from './ports';

/** Reads what the effective component statuses are derived from. */
export async function readStatusContext(
  incidents: IncidentStore,
  components: ComponentStore,
  config: LifeboatConfig,
): Promise<StatusContext & { records: Map<string, ComponentRecord> }> {
  const [openIncidents, records] = await Promise.all([incidents.listOpen(), components.list()]);
  const byId = new Map(records.map((r) => [r.id, r]));
  const baselines = new Map<string, ComponentStatus>(
    config.components.map((c) => [c.id, byId.get(c.id)?.baselineStatus ?? config.defaultComponentStatus]),
  );
  const signals = new Map<string, ComponentStatus[]>(
    records.filter((r) => r.signals).map((r) => [r.id, Object.values(r.signals!).map((s) => s.status)]),
  );
  return { baselines, signals, openIncidents, records: byId };
}

/** The config's components joined with their stored state and effective status, in page order. */
export function describeComponents(
  config: LifeboatConfig,
  ctx: StatusContext & { records: Map<string, ComponentRecord> },
  now: string,
): Component[] {
  return config.components.map((c, position) => {
    const record = ctx.records.get(c.id);
    const claimedAt = ctx.openIncidents.filter((i) => c.id in i.components).map((i) => i.updatedAt);
    const updatedAt = [record?.updatedAt ?? now, ...claimedAt].sort().at(-1)!;
    return {
      id: c.id,
      name: c.name,
      description: c.description ?? null,
      groupId: c.group ?? null,
      position: position + 1,
      status: effectiveStatus(ctx, c.id),
      createdAt: record?.createdAt ?? now,
      updatedAt,
    };
  });
}

export interface StatusSummary {
  status: PageStatus;
  components: Component[];
  openIncidents: Incident[];
}

/** The page at a glance: overall indicator, every component, every open incident (newest first). */
export async function statusSummary(
  incidents: IncidentStore,
  components: ComponentStore,
  config: LifeboatConfig,
  now: string,
): Promise<StatusSummary> {
  const context = await readStatusContext(incidents, components, config);
  const described = describeComponents(config, context, now);
  const openIncidents = [...context.openIncidents].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return { status: pageStatus(described, openIncidents), components: described, openIncidents };
}
