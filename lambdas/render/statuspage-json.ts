import type { Component, ComponentStatus } from '../core/component';
import { worstStatus } from '../core/component';
import { type Incident, isOpen } from '../core/incident';
import { isActiveMaintenance, type Maintenance } from '../core/maintenance';
import { maintenanceUrl } from './maintenance-messages';
import type { SiteState } from './site-state';
import { isoWithOffset } from './time';

/**
 * The Statuspage public API v2, field for field (see shared/reference/statuspage-api-v2.md), so
 * existing dashboards, chat bots and monitors read Lifeboat unchanged. Absent values are null.
 */
export function statuspageApi(state: SiteState) {
  const { config } = state;
  const tz = config.page.timeZone;
  const at = (iso: string | null) => (iso === null ? null : isoWithOffset(iso, tz));
  const byId = new Map(state.components.map((c) => [c.id, c]));

  const page = {
    id: config.page.id,
    name: config.page.name,
    url: config.page.url,
    time_zone: tz,
    updated_at: at(lastChange(state)),
  };

  const componentJson = (c: Component, position: number) => {
    const configured = config.components.find((k) => k.id === c.id);
    return {
      id: c.id,
      name: c.name,
      status: c.status,
      created_at: at(c.createdAt),
      updated_at: at(c.updatedAt),
      position,
      description: c.description,
      showcase: true,
      start_date: configured?.startDate ?? c.createdAt.slice(0, 10),
      group_id: c.groupId,
      page_id: config.page.id,
      group: false,
      only_show_if_degraded: configured?.onlyShowIfDegraded ?? false,
    };
  };

  // Groups take the position of their first member, as Statuspage orders them.
  const components: Record<string, unknown>[] = [];
  const emittedGroups = new Set<string>();
  for (const component of state.components) {
    if (component.groupId && !emittedGroups.has(component.groupId)) {
      emittedGroups.add(component.groupId);
      const group = config.groups.find((g) => g.id === component.groupId)!;
      const members = state.components.filter((c) => c.groupId === group.id);
      components.push({
        id: group.id,
        name: group.name,
        status: worstStatus(members.map((m) => m.status)) satisfies ComponentStatus,
        created_at: at(members.map((m) => m.createdAt).sort()[0]!),
        updated_at: at(
          members
            .map((m) => m.updatedAt)
            .sort()
            .at(-1)!,
        ),
        position: components.length + 1,
        description: group.description ?? null,
        showcase: false,
        start_date: null,
        group_id: null,
        page_id: config.page.id,
        group: true,
        only_show_if_degraded: false,
        components: members.map((m) => m.id),
      });
    }
    components.push(componentJson(component, components.length + 1));
  }

  const incidentJson = (incident: Incident) => ({
    id: incident.id,
    name: incident.name,
    status: incident.status,
    created_at: at(incident.createdAt),
    updated_at: at(incident.updatedAt),
    monitoring_at: at(incident.monitoringAt),
    resolved_at: at(incident.resolvedAt),
    impact: incident.impact,
    shortlink: `${config.page.url}/incidents/${incident.id}/`,
    started_at: at(incident.startedAt),
    page_id: config.page.id,
    incident_updates: [...incident.updates].reverse().map((update) => ({
      id: update.id,
      status: update.status,
      body: update.body,
      incident_id: incident.id,
      created_at: at(update.createdAt),
      updated_at: at(update.createdAt),
      display_at: at(update.createdAt),
      affected_components: update.componentChanges.length
        ? update.componentChanges.map((change) => ({
            code: change.componentId,
            name: byId.get(change.componentId)?.name ?? change.componentId,
            old_status: change.from,
            new_status: change.to,
          }))
        : null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: Object.keys(incident.components)
      .map((id) => byId.get(id))
      .filter((c): c is Component => c !== undefined)
      .map((c) => componentJson(c, c.position)),
  });

  // Statuspage's maintenance shape: an incident's fields plus the window. Its reminders are
  // Lifeboat's own messages, not updates of the maintenance; cancelled ones leave the schedule.
  const maintenanceJson = (m: Maintenance) => ({
    id: m.id,
    name: m.name,
    status: m.status,
    created_at: at(m.createdAt),
    updated_at: at(m.updatedAt),
    monitoring_at: null,
    resolved_at: at(m.completedAt),
    impact: m.impact,
    shortlink: maintenanceUrl(config, m),
    started_at: at(m.startedAt ?? m.scheduledFor),
    page_id: config.page.id,
    incident_updates: m.updates
      .filter((u) => u.moment !== 'reminder')
      .reverse()
      .map((update) => ({
        id: update.id,
        status: update.status,
        body: update.body,
        incident_id: m.id,
        created_at: at(update.createdAt),
        updated_at: at(update.createdAt),
        display_at: at(update.createdAt),
        affected_components: null,
        deliver_notifications: true,
        custom_tweet: null,
        tweet_id: null,
      })),
    components: m.components
      .map((id) => byId.get(id))
      .filter((c): c is Component => c !== undefined)
      .map((c) => componentJson(c, c.position)),
    scheduled_for: at(m.scheduledFor),
    scheduled_until: at(m.scheduledUntil),
  });

  const status = { indicator: state.status.indicator, description: state.status.description };
  const unresolved = state.incidents.filter(isOpen).map(incidentJson);
  const listed = (state.maintenances ?? []).filter((m) => m.status !== 'cancelled');
  // Soonest first, as a schedule reads.
  const bySchedule = (a: Maintenance, b: Maintenance) => a.scheduledFor.localeCompare(b.scheduledFor);
  const upcoming = listed.filter((m) => m.status === 'scheduled').sort(bySchedule);
  const active = listed.filter(isActiveMaintenance).sort(bySchedule);

  return {
    'api/v2/summary.json': {
      page,
      components,
      incidents: unresolved,
      scheduled_maintenances: [...active, ...upcoming].map(maintenanceJson),
      status,
    },
    'api/v2/status.json': { page, status },
    'api/v2/components.json': { page, components },
    'api/v2/incidents.json': { page, incidents: state.incidents.slice(0, 50).map(incidentJson) },
    'api/v2/incidents/unresolved.json': { page, incidents: unresolved },
    // The 50 most recent windows, any status.
    'api/v2/scheduled-maintenances.json': { page, scheduled_maintenances: listed.slice(0, 50).map(maintenanceJson) },
    'api/v2/scheduled-maintenances/upcoming.json': { page, scheduled_maintenances: upcoming.map(maintenanceJson) },
    'api/v2/scheduled-maintenances/active.json': { page, scheduled_maintenances: active.map(maintenanceJson) },
  };
}

/** When anything on the page last changed: the page's `updated_at`. */
export function lastChange(state: SiteState): string {
  const stamps = [
    ...state.components.map((c) => c.updatedAt),
    ...state.incidents.map((i) => i.updatedAt),
    ...(state.maintenances ?? []).map((m) => m.updatedAt),
  ];
  return stamps.sort().at(-1) ?? state.now;
}
