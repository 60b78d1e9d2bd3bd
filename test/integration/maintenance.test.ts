import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config';
import { startTestService, type TestService } from '../support/local-service';
import { messagesTo } from '../support/outbox';
import { audience } from '../support/plan-harness';

/**
 * Scheduled maintenance end to end in local mode, on an injected clock: scheduled two minutes
 * ahead, it reminds, starts and completes by itself, and the messages, the components, the
 * Statuspage JSON and the iCalendar feed say so at each moment.
 */
let service: TestService;
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const at = (minutesFromNow: number) => new Date(clock.now().getTime() + minutesFromNow * 60_000).toISOString();
/** Moves the clock on and runs the timers that are due, then everything they caused. */
const advanceMinutes = async (minutes: number) => {
  offsetMs += minutes * 60_000;
  await service.maintenanceTimers.tick();
  await service.site.idle();
};
/** A file of the published status site, as JSON the test inspects freely. */
const site = async (path: string): Promise<any> => (await fetch(`${service.url}/${path}`)).json();
const statusOf = async (id: string) =>
  ((await (await service.call('GET', '/v1/components')).json()).components as { id: string; status: string }[]).find(
    (c) => c.id === id,
  )?.status;
/** The maintenances GET /v1/status shows, as [id, status]. */
const currentMaintenances = async () =>
  ((await (await service.call('GET', '/v1/status')).json()).maintenances as { id: string; status: string }[]).map(
    (m) => [m.id, m.status],
  );

/** The events of a calendar, as node-ical parses them. */
const vevents = (text: string): ical.VEvent[] =>
  Object.values(ical.sync.parseICS(text)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');

const [email, sms, webhook] = [...audience({ email: 1 }), ...audience({ sms: 1 }), ...audience({ webhook: 1 })];
const elsewhere = {
  ...audience({ email: 1 })[0]!,
  id: 'sub-web-only',
  address: 'web@example.com',
  components: ['web'],
};

beforeAll(async () => {
  const config = parseConfig(
    {
      page: { id: 'maint', name: 'Maint Cloud', url: 'https://status.maint.example', timeZone: 'UTC' },
      components: [
        { id: 'api', name: 'API' },
        { id: 'db', name: 'Database' },
        { id: 'web', name: 'Website' },
      ],
      maintenance: { reminderMinutes: [60, 1] },
    },
    'test',
  );
  service = await startTestService({ config, clock, alertTimerTickMs: 0 });
  for (const subscriber of [email!, sms!, webhook!, elsewhere])
    await service.stores.subscribers.save({ ...subscriber, locale: 'en' });
});
afterAll(() => service?.close());

describe('a maintenance scheduled two minutes ahead', () => {
  let id: string;

  it('is scheduled through the API, told to the subscribers of its components, and listed as upcoming', async () => {
    const response = await service.call('POST', '/v1/maintenances', {
      body: {
        name: 'Database upgrade',
        body: 'We upgrade the primary database; writes may pause briefly.',
        components: ['api', 'db'],
        scheduledFor: at(2),
        scheduledUntil: at(4),
      },
      headers: { 'idempotency-key': 'db-upgrade' },
    });
    expect(response.status).toBe(201);
    const created = await response.json();
    id = created.id;
    expect(created).toMatchObject({ status: 'scheduled', impact: 'maintenance', components: ['api', 'db'] });
    expect(response.headers.get('location')).toBe(`/v1/maintenances/${id}`);
    await service.site.idle();

    const [mail] = await messagesTo(service, email!.address);
    expect(mail!.subject).toBe('[Maint Cloud] Scheduled maintenance: Database upgrade');
    expect(mail!.body).toContain('Maintenance scheduled');
    expect(mail!.body).toContain('Components under maintenance: API, Database');
    const [text] = await messagesTo(service, sms!.address);
    expect(text!.body).toMatch(/^Maint Cloud: Maintenance scheduled - Database upgrade\. Scheduled for /);
    expect(text!.body.length).toBeLessThanOrEqual(160);
    const [hook] = await messagesTo(service, webhook!.address);
    expect(JSON.parse(hook!.body)).toMatchObject({
      type: 'maintenance.scheduled',
      scheduled_maintenance: { id, status: 'scheduled', impact: 'maintenance' },
    });
    expect(await messagesTo(service, elsewhere.address)).toHaveLength(0);

    const upcoming = await site('api/v2/scheduled-maintenances/upcoming.json');
    expect(upcoming.page.id).toBe('maint');
    expect(upcoming.scheduled_maintenances).toHaveLength(1);
    const [listed] = upcoming.scheduled_maintenances;
    expect(Object.keys(listed).sort()).toEqual(
      [
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
      ].sort(),
    );
    expect(listed).toMatchObject({ id, status: 'scheduled', impact: 'maintenance', resolved_at: null });
    expect(listed.components.map((c: { id: string }) => c.id)).toEqual(['api', 'db']);
    expect(listed.incident_updates[0]).toMatchObject({ status: 'scheduled', incident_id: id });
    expect((await site('api/v2/scheduled-maintenances/active.json')).scheduled_maintenances).toEqual([]);
    expect((await site('api/v2/summary.json')).scheduled_maintenances.map((m: { id: string }) => m.id)).toEqual([id]);
    expect(await currentMaintenances()).toEqual([[id, 'scheduled']]);
    const page = await (await fetch(`${service.url}/`)).text();
    expect(page).toContain('Upcoming maintenance');
    expect(page).toContain('Database upgrade');
  });

  it('sends the one reminder still ahead (a minute before), once', async () => {
    await advanceMinutes(1);
    const mails = await messagesTo(service, email!.address);
    expect(mails.map((m) => m.body.split('\n')[0])).toEqual([
      'Maintenance reminder: Starts in 1 minute',
      'Maintenance scheduled',
    ]);
    await advanceMinutes(0.25);
    expect(await messagesTo(service, email!.address)).toHaveLength(2);
    expect((await messagesTo(service, sms!.address))[0]!.body).toContain('Maintenance reminder');
  });

  it('starts by itself at the window start: components under maintenance, listed as active', async () => {
    await advanceMinutes(0.75);
    expect(await statusOf('api')).toBe('under_maintenance');
    expect(await statusOf('db')).toBe('under_maintenance');
    expect(await statusOf('web')).toBe('operational');
    const [started] = await messagesTo(service, email!.address);
    expect(started!.body.split('\n')[0]).toBe('Maintenance started');
    const active = await site('api/v2/scheduled-maintenances/active.json');
    expect(active.scheduled_maintenances.map((m: { id: string; status: string }) => [m.id, m.status])).toEqual([
      [id, 'in_progress'],
    ]);
    expect((await site('api/v2/scheduled-maintenances/upcoming.json')).scheduled_maintenances).toEqual([]);
    expect(await currentMaintenances()).toEqual([[id, 'in_progress']]);
    const summary = await site('api/v2/summary.json');
    expect(summary.status).toEqual({ indicator: 'none', description: 'Service Under Maintenance' });
    expect(summary.components.find((c: { id: string }) => c.id === 'api').status).toBe('under_maintenance');
    const holding = await (await fetch(`${service.url}/outage/`)).text();
    expect(holding).toContain('Down for scheduled maintenance');
    expect(holding).toContain('We expect to be back by');
  });

  it('does nothing more when a timer fires again', async () => {
    const before = (await messagesTo(service, email!.address)).length;
    await service.maintenanceTimers.set(`maintenance-${id}-start`, clock.now());
    await advanceMinutes(0.1);
    expect(await messagesTo(service, email!.address)).toHaveLength(before);
  });

  it('completes by itself at the window end and restores the components', async () => {
    await advanceMinutes(2);
    expect(await statusOf('api')).toBe('operational');
    expect(await statusOf('db')).toBe('operational');
    const [completed] = await messagesTo(service, email!.address);
    expect(completed!.body.split('\n')[0]).toBe('Maintenance completed');
    const webhooks = (await messagesTo(service, webhook!.address)).map((m) => JSON.parse(m.body).type);
    expect(webhooks).toEqual([
      'maintenance.completed',
      'maintenance.started',
      'maintenance.reminder',
      'maintenance.scheduled',
    ]);
    expect((await site('api/v2/scheduled-maintenances/active.json')).scheduled_maintenances).toEqual([]);
    const all = await site('api/v2/scheduled-maintenances.json');
    expect(all.scheduled_maintenances[0]).toMatchObject({ id, status: 'completed' });
    expect(all.scheduled_maintenances[0].resolved_at).not.toBeNull();
    expect(all.scheduled_maintenances[0].incident_updates.map((u: { status: string }) => u.status)).toEqual([
      'completed',
      'in_progress',
      'scheduled',
    ]);
    expect((await site('api/v2/summary.json')).status.description).toBe('All Systems Operational');
    expect(await currentMaintenances()).toEqual([]);
    expect(await service.maintenanceTimers.pending()).toEqual([]);
  });

  it('is in the iCalendar feed, as a calendar app reads it', async () => {
    const response = await fetch(`${service.url}/maintenances.ics`);
    expect(response.headers.get('content-type')).toContain('text/calendar');
    const text = await response.text();
    expect(text.endsWith('\r\n')).toBe(true);
    const events = vevents(text);
    expect(events).toHaveLength(1);
    const maintenance = (await (await service.call('GET', `/v1/maintenances/${id}`)).json()) as {
      scheduledFor: string;
      scheduledUntil: string;
    };
    expect(events[0]!.uid).toBe(`maintenance-${id}@status.maint.example`);
    expect(events[0]!.summary).toBe('Database upgrade');
    expect(events[0]!.start.toISOString()).toBe(maintenance.scheduledFor.replace(/\.\d{3}Z$/, '.000Z'));
    expect(events[0]!.end!.toISOString()).toBe(maintenance.scheduledUntil.replace(/\.\d{3}Z$/, '.000Z'));
  });
});

describe('rescheduling and cancelling', () => {
  it('moves the timers with the window, and a cancel removes them and leaves the schedule', async () => {
    const created = await (
      await service.call('POST', '/v1/maintenances', {
        body: { name: 'Network work', components: ['web'], scheduledFor: at(180), scheduledUntil: at(240) },
      })
    ).json();
    const timers = async () =>
      (await service.maintenanceTimers.pending())
        .filter((t) => t.name.includes(created.id))
        .map((t) => [t.name.slice(`maintenance-${created.id}-`.length), new Date(t.dueAt).toISOString()]);
    const startsAt = Date.parse(created.scheduledFor);
    expect(await timers()).toEqual([
      ['remind-60', new Date(startsAt - 60 * 60_000).toISOString()],
      ['remind-1', new Date(startsAt - 60_000).toISOString()],
      ['start', created.scheduledFor],
      ['end', created.scheduledUntil],
    ]);

    const moved = await service.call('PATCH', `/v1/maintenances/${created.id}`, {
      body: { scheduledFor: at(30), scheduledUntil: at(90) },
    });
    expect(moved.status).toBe(200);
    const rescheduled = await moved.json();
    expect(rescheduled.updates.at(-1).moment).toBe('rescheduled');
    // An hour's notice is no longer possible: only the last reminder is left.
    expect((await timers()).map(([name]) => name)).toEqual(['remind-1', 'start', 'end']);
    expect((await timers()).find(([name]) => name === 'start')![1]).toBe(rescheduled.scheduledFor);

    const cancelled = await service.call('POST', `/v1/maintenances/${created.id}/cancel`, {
      body: { body: 'Postponed to next quarter' },
    });
    expect((await cancelled.json()).status).toBe('cancelled');
    expect(await timers()).toEqual([]);
    await service.site.idle();
    const all = await site('api/v2/scheduled-maintenances.json');
    expect(all.scheduled_maintenances.map((m: { id: string }) => m.id)).not.toContain(created.id);
    const calendar = await (await fetch(`${service.url}/maintenances.ics`)).text();
    const event = vevents(calendar).find((e) => e.uid.includes(created.id))!;
    expect(event.status).toBe('CANCELLED');
    expect(
      await (await service.call('POST', `/v1/maintenances/${created.id}/cancel`, { body: {} })).json(),
    ).toMatchObject({
      status: 409,
    });
  });

  it('answers a window that ends before it starts with a 400 naming scheduledUntil', async () => {
    const response = await service.call('POST', '/v1/maintenances', {
      body: { name: 'Backwards', scheduledFor: at(60), scheduledUntil: at(30) },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect((await response.json()).errors).toEqual([
      { field: 'scheduledUntil', message: 'must be after scheduledFor' },
    ]);
    const unknown = await service.call('POST', '/v1/maintenances', {
      body: { name: 'Nowhere', components: ['nope'], scheduledFor: at(60), scheduledUntil: at(90) },
    });
    expect(unknown.status).toBe(422);
  });
});
