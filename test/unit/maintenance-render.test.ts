import ical from 'node-ical';
import { describe, expect, it } from 'vitest';
import type { Maintenance } from '../../lambdas/core/maintenance';
import { onTimer, schedule, transition } from '../../lambdas/core/maintenance-lifecycle';
import { fold, maintenanceCalendar } from '../../lambdas/render/ical';
import { maintenanceEmail, maintenanceSms, maintenanceWebhookPayload } from '../../lambdas/render/maintenance-messages';
import { renderSite } from '../../lambdas/render/render-site';
import { fileOf, History, siteConfig } from '../support/site-fixtures';

const config = siteConfig();
const actor = { channel: 'api' as const, name: 'on-call' };
let seq = 0;
const ctx = (now: string) => ({ now, actor, updateId: `mu${++seq}` });

/** Scheduled on the 20th for the 22nd, 01:00 to 03:00 UTC (02:00 to 04:00 in Paris). */
function planned(id = 'maint0000001', name = 'Database upgrade; phase 1, "primary"'): Maintenance {
  return schedule(
    id,
    {
      name,
      body: 'Writes pause for a minute.\nReads continue.',
      components: ['c0', 'c1'],
      scheduledFor: '2026-11-22T01:00:00.000Z',
      scheduledUntil: '2026-11-22T03:00:00.000Z',
    },
    ctx('2026-11-20T10:00:00.000Z'),
  ).maintenance;
}
const started = (m: Maintenance) =>
  transition(m, 'in_progress', undefined, ctx('2026-11-22T01:00:00.000Z')).maintenance;

const MAINTENANCE_FIELDS = [
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
  'scheduled_for',
  'scheduled_until',
].sort();

describe('scheduled maintenances in the Statuspage v2 API', () => {
  const upcoming = planned();
  const active = started(planned('maint0000002', 'Network work'));
  const cancelled = transition(
    planned('maint0000003', 'Dropped'),
    'cancelled',
    undefined,
    ctx('2026-11-21T00:00:00Z'),
  ).maintenance;
  const files = renderSite(new History(config).state({ maintenances: [upcoming, active, cancelled] }));
  const read = (path: string) => JSON.parse(fileOf(files, `api/v2/${path}`));

  it('lists upcoming, active and all (not cancelled) with every field, times with the page offset', () => {
    const [first] = read('scheduled-maintenances/upcoming.json').scheduled_maintenances;
    expect(Object.keys(first).sort()).toEqual(MAINTENANCE_FIELDS);
    expect(first).toMatchObject({
      id: upcoming.id,
      status: 'scheduled',
      impact: 'maintenance',
      scheduled_for: '2026-11-22T02:00:00.000+01:00',
      scheduled_until: '2026-11-22T04:00:00.000+01:00',
      shortlink: `https://status.acme.example/#maintenance-${upcoming.id}`,
      monitoring_at: null,
      resolved_at: null,
      page_id: 'acme',
    });
    expect(first.components.map((c: { id: string }) => c.id)).toEqual(['c0', 'c1']);
    expect(first.incident_updates[0]).toMatchObject({
      status: 'scheduled',
      body: 'Writes pause for a minute.\nReads continue.',
      incident_id: upcoming.id,
      affected_components: null,
    });
    expect(read('scheduled-maintenances/active.json').scheduled_maintenances.map((m: { id: string }) => m.id)).toEqual([
      active.id,
    ]);
    expect(
      read('scheduled-maintenances.json')
        .scheduled_maintenances.map((m: { id: string }) => m.id)
        .sort(),
    ).toEqual([upcoming.id, active.id].sort());
    expect(read('summary.json').scheduled_maintenances.map((m: { id: string }) => m.id)).toEqual([
      active.id,
      upcoming.id,
    ]);
  });

  it('leaves reminders out of the maintenance updates', () => {
    const reminded = onTimer(upcoming, { kind: 'remind', minutes: 60 }, [60], ctx('2026-11-22T00:00:00.000Z'));
    if (!reminded || reminded === 'early') throw new Error('expected a reminder');
    const state = new History(config).state({ maintenances: [reminded.maintenance] });
    const json = JSON.parse(fileOf(renderSite(state), 'api/v2/scheduled-maintenances.json'));
    expect(json.scheduled_maintenances[0].incident_updates).toHaveLength(1);
  });

  it('shows upcoming and in-progress maintenance on the page, and the window on the holding page', () => {
    const index = fileOf(files, 'index.html');
    expect(index).toContain('Upcoming maintenance');
    expect(index).toContain('Maintenance in progress');
    expect(index).toContain('href="/maintenances.ics"');
    expect(index).toContain('Database upgrade; phase 1, &quot;primary&quot;');
    const holding = fileOf(files, 'outage/index.html');
    expect(holding).toContain('Down for scheduled maintenance');
    expect(holding).toContain('Network work');
    expect(holding).toMatch(/We expect to be back by [^<]*04:00/);
  });
});

describe('the iCalendar feed', () => {
  const calendar = maintenanceCalendar(config, [
    planned(),
    transition(planned('maint0000003', 'Dropped'), 'cancelled', undefined, ctx('2026-11-21T00:00:00Z')).maintenance,
  ]);

  it('is RFC 5545: CRLF lines of at most 75 octets, a calendar with PRODID and VERSION', () => {
    expect(calendar.endsWith('\r\n')).toBe(true);
    const lines = calendar.slice(0, -2).split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(lines.slice(0, 3)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Lifeboat//Scheduled maintenance//EN',
    ]);
    expect(calendar).toContain('DTSTART:20261122T010000Z\r\n');
    expect(calendar).toContain('DTEND:20261122T030000Z\r\n');
    expect(calendar).toContain('SUMMARY:Database upgrade\\; phase 1\\, "primary"\r\n');
  });

  it('reads back whole in a real parser: each event with its UID, window, text and status', () => {
    const events = Object.values(ical.sync.parseICS(calendar)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
    expect(events.map((e) => e.uid)).toEqual([
      'maintenance-maint0000001@status.acme.example',
      'maintenance-maint0000003@status.acme.example',
    ]);
    const [upcoming, dropped] = events;
    expect(upcoming!.summary).toBe('Database upgrade; phase 1, "primary"');
    expect(upcoming!.start.toISOString()).toBe('2026-11-22T01:00:00.000Z');
    expect(upcoming!.end!.toISOString()).toBe('2026-11-22T03:00:00.000Z');
    expect(upcoming!.description).toBe('Writes pause for a minute.\nReads continue.\n\nComponent 0, Component 1');
    expect(upcoming!.url).toBe('https://status.acme.example/#maintenance-maint0000001');
    expect(dropped!.status).toBe('CANCELLED');
  });

  it('folds without cutting a character in two', () => {
    const folded = fold(`DESCRIPTION:${'é'.repeat(100)}`);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(`DESCRIPTION:${'é'.repeat(100)}`);
  });
});

describe('maintenance notifications', () => {
  const m = planned();
  const links = { manage: 'https://api.example/manage', unsubscribe: 'https://api.example/unsubscribe' };

  it('emails the moment, the window in the page time zone, the components and the text', () => {
    const email = maintenanceEmail(config, 'en', 'p@example.com', m, m.updates[0]!, links);
    expect(email.subject).toBe('[Acme Cloud] Scheduled maintenance: Database upgrade; phase 1, "primary"');
    expect(email.text.split('\n')[0]).toBe('Maintenance scheduled');
    expect(email.text).toContain('Components under maintenance: Component 0, Component 1');
    expect(email.text).toMatch(/Scheduled for .*02:00.* until .*04:00/);
    expect(email.headers['List-Unsubscribe']).toBe(`<${links.unsubscribe}>`);
    expect(email.headers.References).toBe('<maintenance-maint0000001@status.acme.example>');
  });

  it('speaks French to French subscribers, and fits an SMS in one segment', () => {
    const reminded = onTimer(m, { kind: 'remind', minutes: 1440 }, [1440], ctx('2026-11-21T01:00:00.000Z'));
    if (!reminded || reminded === 'early') throw new Error('expected a reminder');
    const email = maintenanceEmail(config, 'fr', 'p@example.com', reminded.maintenance, reminded.update, links);
    expect(email.text.split('\n')[0]).toBe('Rappel de maintenance\u202F: Commence dans 24\u00a0heures');
    const sms = maintenanceSms(config, 'en', reminded.maintenance, reminded.update);
    expect(sms).toMatch(/^Acme Cloud: Maintenance reminder: Starts in 24 hours - Database upgrade/);
    expect(sms.length).toBeLessThanOrEqual(160);
    expect(maintenanceWebhookPayload(config, reminded.maintenance, reminded.update)).toMatchObject({
      type: 'maintenance.reminder',
      scheduled_maintenance: { id: m.id, status: 'scheduled', scheduled_for: m.scheduledFor },
      update: { minutes_before_start: 1440 },
    });
  });
});
