import { describe, expect, it } from 'vitest';
import { ForbiddenTransitionError, ValidationError } from '../../lambdas/core/errors';
import { MAINTENANCE_STATUSES, type Maintenance, type MaintenanceStatus } from '../../lambdas/core/maintenance';
import {
  canMaintenanceTransition,
  edit,
  MAX_MAINTENANCE_UPDATES,
  type MaintenanceStepContext,
  onTimer,
  parseTimerName,
  schedule,
  timerName,
  timersOf,
  transition,
} from '../../lambdas/core/maintenance-lifecycle';

const actor = { channel: 'api' as const, name: 'ops' };
const ctx = (now: string, n = 1): MaintenanceStepContext => ({ now, actor, updateId: `u${n}` });
const REMINDERS = [1440, 60];

/** A window from 12:00 to 14:00 on 3 December, scheduled the day before at 09:00. */
function scheduled(): Maintenance {
  return schedule(
    'abcdefghijkl',
    {
      name: 'Database upgrade',
      components: ['api', 'storage'],
      scheduledFor: '2026-12-03T12:00:00.000Z',
      scheduledUntil: '2026-12-03T14:00:00.000Z',
    },
    ctx('2026-12-02T09:00:00.000Z'),
  ).maintenance;
}

describe('maintenance lifecycle transitions', () => {
  const expected: Record<MaintenanceStatus, MaintenanceStatus[]> = {
    scheduled: ['scheduled', 'in_progress', 'cancelled'],
    in_progress: ['in_progress', 'verifying', 'completed', 'cancelled'],
    verifying: ['in_progress', 'verifying', 'completed', 'cancelled'],
    completed: [],
    cancelled: [],
  };
  for (const from of MAINTENANCE_STATUSES) {
    for (const to of MAINTENANCE_STATUSES) {
      const allowed = expected[from].includes(to);
      it(`${from} → ${to} is ${allowed ? 'allowed' : 'forbidden'}`, () => {
        expect(canMaintenanceTransition(from, to)).toBe(allowed);
      });
    }
  }

  it('schedules with the impact "maintenance", a first update and its event', () => {
    const step = schedule(
      'abcdefghijkl',
      {
        name: 'Database upgrade',
        body: 'Expect short interruptions',
        components: ['api', 'api'],
        scheduledFor: '2026-12-03T12:00:00.000Z',
        scheduledUntil: '2026-12-03T14:00:00.000Z',
      },
      ctx('2026-12-02T09:00:00.000Z'),
    );
    expect(step.maintenance).toMatchObject({
      status: 'scheduled',
      impact: 'maintenance',
      components: ['api'],
      version: 1,
      startedAt: null,
      completedAt: null,
    });
    expect(step.update).toMatchObject({ status: 'scheduled', moment: 'scheduled', body: 'Expect short interruptions' });
    expect(step.event).toMatchObject({
      type: 'maintenance.changed',
      id: 'maintenance.abcdefghijkl.v1',
      updateNumber: 1,
    });
  });

  it('refuses a window that ends before it starts, or is over, naming scheduledUntil', () => {
    const attempt = (scheduledUntil: string) => () =>
      schedule(
        'abcdefghijkl',
        { name: 'x', components: [], scheduledFor: '2026-12-03T12:00:00.000Z', scheduledUntil },
        ctx('2026-12-03T13:00:00.000Z'),
      );
    for (const until of ['2026-12-03T11:00:00.000Z', '2026-12-03T12:30:00.000Z']) {
      const error = (() => {
        try {
          attempt(until)();
        } catch (e) {
          return e as ValidationError;
        }
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect(error?.errors[0]?.field).toBe('scheduledUntil');
    }
  });

  it('a rescheduled start counts reminders again; a started maintenance cannot move its start', () => {
    const m = { ...scheduled(), remindersSent: [1440] };
    const moved = edit(
      m,
      { scheduledFor: '2026-12-04T12:00:00.000Z', scheduledUntil: '2026-12-04T14:00:00.000Z' },
      ctx('2026-12-02T10:00:00.000Z', 2),
    );
    expect(moved.update.moment).toBe('rescheduled');
    expect(moved.maintenance.remindersSent).toEqual([]);
    const started = transition(m, 'in_progress', undefined, ctx('2026-12-03T12:00:00.000Z', 2)).maintenance;
    expect(() =>
      edit(started, { scheduledFor: '2026-12-03T12:30:00.000Z' }, ctx('2026-12-03T12:10:00.000Z', 3)),
    ).toThrow(ForbiddenTransitionError);
    const extended = edit(started, { scheduledUntil: '2026-12-03T15:00:00.000Z' }, ctx('2026-12-03T12:10:00.000Z', 3));
    expect(extended.maintenance.scheduledUntil).toBe('2026-12-03T15:00:00.000Z');
  });
});

describe('maintenance updates by hand', () => {
  it('tells what each move means, and refuses changes to a finished maintenance', () => {
    const m = scheduled();
    const started = transition(m, 'in_progress', 'Starting early', ctx('2026-12-03T11:50:00.000Z', 2));
    expect(started.update).toMatchObject({ moment: 'started', body: 'Starting early' });
    const verifying = transition(started.maintenance, 'verifying', undefined, ctx('2026-12-03T13:00:00.000Z', 3));
    expect(verifying.update.moment).toBe('verifying');
    const back = transition(verifying.maintenance, 'in_progress', 'A check failed', ctx('2026-12-03T13:10:00.000Z', 4));
    expect(back.update.moment).toBe('updated');
    expect(back.maintenance.startedAt).toBe('2026-12-03T11:50:00.000Z');
    const done = transition(back.maintenance, 'completed', undefined, ctx('2026-12-03T13:30:00.000Z', 5)).maintenance;
    expect(() => edit(done, { name: 'Renamed' }, ctx('2026-12-03T14:00:00.000Z', 6))).toThrow(ForbiddenTransitionError);
    expect(() => transition(done, 'cancelled', undefined, ctx('2026-12-03T14:00:00.000Z', 6))).toThrow(
      ForbiddenTransitionError,
    );
  });

  it('keeps a bounded number of updates (they live in one item): past it, only ending the maintenance is allowed', () => {
    let m = scheduled();
    for (let n = 2; m.updates.length < MAX_MAINTENANCE_UPDATES; n++)
      m = edit(m, { body: 'x'.repeat(5000) }, ctx('2026-12-02T10:00:00.000Z', n)).maintenance;

    const refused = (() => {
      try {
        edit(m, { body: 'One more' }, ctx('2026-12-02T11:00:00.000Z', 99));
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(ForbiddenTransitionError);
    expect((refused as ForbiddenTransitionError).errors).toEqual([
      { field: 'body', message: expect.stringMatching(/schedule a new one/) },
    ]);
    expect(() => transition(m, 'in_progress', 'Starting', ctx('2026-12-03T12:00:00.000Z', 99))).toThrow(
      ForbiddenTransitionError,
    );
    // Its own timers still start and end it, and on-call can still end it by hand.
    const started = onTimer(m, { kind: 'start' }, REMINDERS, ctx('2026-12-03T12:00:00.000Z', 100));
    expect(typeof started === 'object' && started?.maintenance.status).toBe('in_progress');
    expect(transition(m, 'cancelled', 'Called off', ctx('2026-12-02T12:00:00.000Z', 100)).maintenance.status).toBe(
      'cancelled',
    );
    // The item stays far inside DynamoDB's 400 KB once the timers have added theirs.
    expect(JSON.stringify(m).length + 8 * 5_500).toBeLessThan(200_000);
  });
});

describe('maintenance timers', () => {
  it('start at the window start, complete at its end, and do nothing when late, repeated or stale', () => {
    const m = scheduled();
    expect(onTimer(m, { kind: 'start' }, REMINDERS, ctx('2026-12-03T11:00:00.000Z', 2))).toBe('early');
    const start = onTimer(m, { kind: 'start' }, REMINDERS, ctx('2026-12-03T12:00:01.000Z', 2));
    if (!start || start === 'early') throw new Error('expected a start');
    expect(start.maintenance).toMatchObject({ status: 'in_progress', startedAt: '2026-12-03T12:00:01.000Z' });
    expect(start.update.moment).toBe('started');
    // The same timer again, or a late one: nothing to do.
    expect(onTimer(start.maintenance, { kind: 'start' }, REMINDERS, ctx('2026-12-03T12:05:00.000Z', 3))).toBeNull();
    const end = onTimer(start.maintenance, { kind: 'end' }, REMINDERS, ctx('2026-12-03T14:00:00.000Z', 3));
    if (!end || end === 'early') throw new Error('expected an end');
    expect(end.maintenance).toMatchObject({ status: 'completed', completedAt: '2026-12-03T14:00:00.000Z' });
    expect(onTimer(end.maintenance, { kind: 'end' }, REMINDERS, ctx('2026-12-03T14:01:00.000Z', 4))).toBeNull();
    const cancelled = transition(m, 'cancelled', undefined, ctx('2026-12-03T10:00:00.000Z', 2)).maintenance;
    expect(onTimer(cancelled, { kind: 'start' }, REMINDERS, ctx('2026-12-03T12:00:00.000Z', 3))).toBeNull();
  });

  it('reminds once per configured offset, only before the start', () => {
    const m = scheduled();
    const remind = onTimer(m, { kind: 'remind', minutes: 60 }, REMINDERS, ctx('2026-12-03T11:00:00.000Z', 2));
    if (!remind || remind === 'early') throw new Error('expected a reminder');
    expect(remind.update).toMatchObject({ moment: 'reminder', reminderMinutes: 60, status: 'scheduled' });
    expect(remind.maintenance.remindersSent).toEqual([60]);
    expect(
      onTimer(remind.maintenance, { kind: 'remind', minutes: 60 }, REMINDERS, ctx('2026-12-03T11:01:00.000Z')),
    ).toBeNull();
    expect(onTimer(m, { kind: 'remind', minutes: 30 }, REMINDERS, ctx('2026-12-03T11:30:00.000Z'))).toBeNull();
    expect(onTimer(m, { kind: 'remind', minutes: 60 }, REMINDERS, ctx('2026-12-03T12:00:00.000Z'))).toBeNull();
  });

  it('wants the reminders still ahead, the start and the end, and names the rest stale', () => {
    const m = scheduled();
    const { wanted, stale } = timersOf(m, REMINDERS, '2026-12-02T13:00:00.000Z');
    expect(wanted.map((t) => [t.name, t.at.toISOString()])).toEqual([
      ['maintenance-abcdefghijkl-remind-60', '2026-12-03T11:00:00.000Z'],
      ['maintenance-abcdefghijkl-start', '2026-12-03T12:00:00.000Z'],
      ['maintenance-abcdefghijkl-end', '2026-12-03T14:00:00.000Z'],
    ]);
    expect(stale).toEqual(['maintenance-abcdefghijkl-remind-1440']);
    const done = transition(m, 'cancelled', undefined, ctx('2026-12-02T13:00:00.000Z', 2)).maintenance;
    expect(timersOf(done, REMINDERS, '2026-12-02T13:00:00.000Z').wanted).toEqual([]);
  });

  it('names timers so that they parse back, and refuses other names', () => {
    for (const action of [{ kind: 'start' }, { kind: 'end' }, { kind: 'remind', minutes: 1440 }] as const) {
      expect(parseTimerName(timerName('abcdefghijkl', action))).toEqual({ id: 'abcdefghijkl', action });
    }
    expect(parseTimerName('hold-abcdefghijkl')).toBeNull();
    expect(timerName('abcdefghijkl', { kind: 'remind', minutes: 1440 }).length).toBeLessThanOrEqual(64);
  });
});
