import { describe, expect, it } from 'vitest';
import { renderSite } from '../../lambdas/render/render-site';
import { fileOf, History, siteConfig } from '../support/site-fixtures';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;
const sortedKeys = (o: object) => Object.keys(o).sort();

const PAGE_FIELDS = ['id', 'name', 'url', 'time_zone', 'updated_at'];
const COMPONENT_FIELDS = [
  'id',
  'name',
  'status',
  'created_at',
  'updated_at',
  'position',
  'description',
  'showcase',
  'start_date',
  'group_id',
  'page_id',
  'group',
  'only_show_if_degraded',
];
const INCIDENT_FIELDS = [
  'id',
  'name',
  'status',
  'created_at',
  'updated_at',
  'monitoring_at',
  'resolved_at',
  'impact',
  'shortlink',
  'started_at',
  'page_id',
  'incident_updates',
  'components',
];
const UPDATE_FIELDS = [
  'id',
  'status',
  'body',
  'incident_id',
  'created_at',
  'updated_at',
  'display_at',
  'affected_components',
  'deliver_notifications',
  'custom_tweet',
  'tweet_id',
];

function scenario() {
  const history = new History(siteConfig());
  const open = history.declare('2026-11-21T09:00:00Z', 'API errors', 'major', { c0: 'partial_outage' }, 'Looking');
  history.update(open.id, '2026-11-21T09:30:00Z', 'monitoring', 'Fix deployed');
  const past = history.declare('2026-11-20T08:00:00Z', 'Slow dashboard', 'minor', { c3: 'degraded_performance' });
  history.resolve(past.id, '2026-11-20T09:00:00Z', 'Back to normal');
  const files = renderSite(history.state());
  const read = (path: string) => JSON.parse(fileOf(files, `api/v2/${path}`));
  return { open, past, read };
}

describe('the Statuspage v2 API, field for field', () => {
  it('summary.json has page, components, unresolved incidents, maintenances and status', () => {
    const { read, open } = scenario();
    const summary = read('summary.json');
    expect(sortedKeys(summary)).toEqual(['components', 'incidents', 'page', 'scheduled_maintenances', 'status']);
    expect(sortedKeys(summary.page)).toEqual([...PAGE_FIELDS].sort());
    expect(summary.page).toMatchObject({
      id: 'acme',
      name: 'Acme Cloud',
      url: 'https://status.acme.example',
      time_zone: 'Europe/Paris',
    });
    expect(summary.page.updated_at).toMatch(ISO_WITH_OFFSET);
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(summary.incidents.map((i: { id: string }) => i.id)).toEqual([open.id]);
    expect(summary.scheduled_maintenances).toEqual([]);
  });

  it('components carry every field, and groups list their members', () => {
    const { read } = scenario();
    const { components, page } = read('components.json');
    expect(sortedKeys(page)).toEqual([...PAGE_FIELDS].sort());
    const group = components.find((c: { group: boolean }) => c.group);
    expect(sortedKeys(group)).toEqual([...COMPONENT_FIELDS, 'components'].sort());
    expect(group).toMatchObject({
      id: 'core',
      name: 'Core platform',
      group: true,
      group_id: null,
      components: ['c0', 'c1'],
      status: 'partial_outage',
      start_date: null,
    });

    const member = components.find((c: { id: string }) => c.id === 'c0');
    expect(sortedKeys(member)).toEqual([...COMPONENT_FIELDS].sort());
    expect(member).toMatchObject({
      status: 'partial_outage',
      group_id: 'core',
      page_id: 'acme',
      group: false,
      showcase: true,
      start_date: '2026-01-01',
      description: 'The first one',
      only_show_if_degraded: false,
    });
    expect(member.created_at).toMatch(ISO_WITH_OFFSET);
    const standalone = components.find((c: { id: string }) => c.id === 'c3');
    expect(standalone.description).toBeNull();
    expect(standalone.group_id).toBeNull();
    expect(components.map((c: { position: number }) => c.position)).toEqual(
      components.map((_: unknown, i: number) => i + 1),
    );
  });

  it('incidents carry every field, updates newest first, affected components as code/name/old/new', () => {
    const { read, open, past } = scenario();
    const { incidents } = read('incidents.json');
    expect(incidents.map((i: { id: string }) => i.id)).toEqual([open.id, past.id]);
    for (const incident of incidents) {
      expect(sortedKeys(incident)).toEqual([...INCIDENT_FIELDS].sort());
      for (const update of incident.incident_updates) expect(sortedKeys(update)).toEqual([...UPDATE_FIELDS].sort());
    }
    const [current, resolved] = incidents;
    expect(current).toMatchObject({
      status: 'monitoring',
      impact: 'major',
      resolved_at: null,
      page_id: 'acme',
      shortlink: `https://status.acme.example/incidents/${open.id}/`,
    });
    expect(current.monitoring_at).toBe('2026-11-21T10:30:00.000+01:00');
    expect(current.started_at).toBe('2026-11-21T10:00:00.000+01:00');
    expect(current.incident_updates.map((u: { body: string }) => u.body)).toEqual(['Fix deployed', 'Looking']);
    expect(current.incident_updates[1].affected_components).toEqual([
      { code: 'c0', name: 'Component 0', old_status: 'operational', new_status: 'partial_outage' },
    ]);
    expect(current.incident_updates[0]).toMatchObject({
      affected_components: null,
      incident_id: open.id,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    });
    expect(current.components.map((c: { id: string }) => c.id)).toEqual(['c0']);
    expect(resolved.resolved_at).toBe('2026-11-20T10:00:00.000+01:00');
  });

  it('splits unresolved incidents, and serves empty maintenance lists in their envelopes', () => {
    const { read, open } = scenario();
    expect(read('incidents/unresolved.json').incidents.map((i: { id: string }) => i.id)).toEqual([open.id]);
    expect(sortedKeys(read('status.json'))).toEqual(['page', 'status']);
    for (const path of [
      'scheduled-maintenances.json',
      'scheduled-maintenances/upcoming.json',
      'scheduled-maintenances/active.json',
    ]) {
      expect(read(path)).toEqual({ page: expect.any(Object), scheduled_maintenances: [] });
    }
  });
});
