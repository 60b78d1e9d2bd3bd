import { describe, expect, it } from 'vitest';
import { ForbiddenTransitionError } from '../../lambdas/core/errors';
import { type DomainEvent, upgradeEvent } from '../../lambdas/core/events';
import { INCIDENT_STATUSES, type IncidentStatus } from '../../lambdas/core/incident';
import {
  announcementOf,
  assertTransition,
  canTransition,
  DEFAULT_RESOLVE_BODY,
  declare,
  resolve,
  update,
} from '../../lambdas/core/lifecycle';
import { previousAnnouncement } from '../../lambdas/plan/planner';
import { statusContext, step } from '../support/fixtures';

const OPEN: IncidentStatus[] = ['investigating', 'identified', 'monitoring'];

describe('incident lifecycle transitions', () => {
  const expected: Record<IncidentStatus, IncidentStatus[]> = {
    investigating: [...OPEN, 'resolved'],
    identified: [...OPEN, 'resolved'],
    monitoring: [...OPEN, 'resolved'],
    resolved: ['postmortem'],
    postmortem: [],
  };

  for (const from of INCIDENT_STATUSES) {
    for (const to of INCIDENT_STATUSES) {
      const allowed = expected[from].includes(to);
      it(`${from} → ${to} is ${allowed ? 'allowed' : 'forbidden'}`, () => {
        expect(canTransition(from, to)).toBe(allowed);
        if (allowed) expect(() => assertTransition(from, to)).not.toThrow();
        else expect(() => assertTransition(from, to)).toThrow(ForbiddenTransitionError);
      });
    }
  }

  it('explains a forbidden transition with the status field and the allowed next steps', () => {
    const error = (() => {
      try {
        assertTransition('resolved', 'investigating');
      } catch (e) {
        return e as ForbiddenTransitionError;
      }
    })();
    expect(error?.status).toBe(409);
    expect(error?.message).toContain('allowed next: postmortem');
    expect(error?.errors).toEqual([{ field: 'status', message: 'resolved → investigating is not allowed' }]);
  });
});

describe('declare', () => {
  it('opens an incident with a first update, its component claims and events', () => {
    const { incident, events } = declare(
      'inc1',
      { name: 'API down', impact: 'major', status: 'investigating', components: { api: 'major_outage' } },
      step(0),
    );
    expect(incident).toMatchObject({
      id: 'inc1',
      status: 'investigating',
      impact: 'major',
      version: 1,
      components: { api: 'major_outage' },
      startedAt: '2026-11-21T10:00:00.000Z',
      resolvedAt: null,
      monitoringAt: null,
    });
    expect(incident.updates).toHaveLength(1);
    expect(incident.updates[0]).toMatchObject({
      status: 'investigating',
      body: 'We are investigating this issue.',
      componentChanges: [{ componentId: 'api', from: 'operational', to: 'major_outage' }],
    });
    expect(events.map((e) => e.type)).toEqual(['incident.declared', 'component.status_changed']);
    expect(events[1]).toMatchObject({
      componentId: 'api',
      from: 'operational',
      to: 'major_outage',
      incidentId: 'inc1',
    });
  });

  it('stamps identifiedAt when declared already identified', () => {
    const { incident } = declare('i', { name: 'x', impact: 'minor', status: 'identified', components: {} }, step(0));
    expect(incident.identifiedAt).toBe('2026-11-21T10:00:00.000Z');
  });

  it('emits no component event for a component already at that status because of another incident', () => {
    const other = declare(
      'a',
      { name: 'a', impact: 'major', status: 'investigating', components: { db: 'major_outage' } },
      step(0),
    );
    const { events } = declare(
      'b',
      { name: 'b', impact: 'minor', status: 'investigating', components: { db: 'degraded_performance' } },
      step(1, statusContext([other.incident])),
    );
    expect(events.map((e) => e.type)).toEqual(['incident.declared']);
  });
});

describe('update', () => {
  const open = () =>
    declare(
      'inc',
      { name: 'API', impact: 'minor', status: 'investigating', components: { api: 'degraded_performance' } },
      step(0),
    );

  it('moves the status, adds the update, bumps the version and sets the components it names', () => {
    const first = open().incident;
    const { incident, events } = update(
      first,
      { status: 'identified', body: 'Bad deploy', components: { api: 'partial_outage', db: 'degraded_performance' } },
      step(5, statusContext([first])),
    );
    expect(incident).toMatchObject({ status: 'identified', version: 2, identifiedAt: '2026-11-21T10:05:00.000Z' });
    expect(incident.components).toEqual({ api: 'partial_outage', db: 'degraded_performance' });
    expect(incident.updates.map((u) => u.body)).toEqual(['We are investigating this issue.', 'Bad deploy']);
    expect(incident.updates[1]!.componentChanges).toEqual([
      { componentId: 'api', from: 'degraded_performance', to: 'partial_outage' },
      { componentId: 'db', from: 'operational', to: 'degraded_performance' },
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'incident.updated',
      'component.status_changed',
      'component.status_changed',
    ]);
  });

  it('keeps the first monitoringAt when monitoring is entered twice', () => {
    let incident = open().incident;
    incident = update(incident, { status: 'monitoring', body: 'Fix out' }, step(10)).incident;
    incident = update(incident, { status: 'investigating', body: 'Errors again' }, step(20)).incident;
    incident = update(incident, { status: 'monitoring', body: 'Second fix' }, step(30)).incident;
    expect(incident.monitoringAt).toBe('2026-11-21T10:10:00.000Z');
  });

  it('changes the impact when asked, and keeps it otherwise', () => {
    const first = open().incident;
    expect(update(first, { status: 'investigating', body: 'x' }, step(1)).incident.impact).toBe('minor');
    expect(update(first, { status: 'investigating', body: 'x', impact: 'critical' }, step(1)).incident.impact).toBe(
      'critical',
    );
  });

  it('refuses to reopen a resolved incident', () => {
    const resolved = resolve(open().incident, undefined, step(5)).incident;
    expect(() => update(resolved, { status: 'investigating', body: 'again' }, step(6))).toThrow(
      ForbiddenTransitionError,
    );
  });

  it('accepts a postmortem after resolution, which speaks for no component', () => {
    const resolved = resolve(open().incident, undefined, step(5)).incident;
    const { incident, events } = update(
      resolved,
      { status: 'postmortem', body: 'Root cause: expired certificate', components: { api: 'major_outage' } },
      step(60),
    );
    expect(incident.status).toBe('postmortem');
    expect(incident.components).toEqual({ api: 'operational' });
    expect(events.map((e) => e.type)).toEqual(['incident.updated']);
  });
});

describe('resolve restores components', () => {
  it('hands every affected component back to operational when nothing else claims it', () => {
    const first = declare(
      'inc',
      {
        name: 'x',
        impact: 'major',
        status: 'investigating',
        components: { api: 'major_outage', db: 'partial_outage' },
      },
      step(0),
    ).incident;
    const { incident, update: last, events } = resolve(first, undefined, step(30, statusContext([first])));
    expect(incident).toMatchObject({ status: 'resolved', resolvedAt: '2026-11-21T10:30:00.000Z' });
    expect(last.body).toBe(DEFAULT_RESOLVE_BODY);
    expect(last.componentChanges).toEqual([
      { componentId: 'api', from: 'major_outage', to: 'operational' },
      { componentId: 'db', from: 'partial_outage', to: 'operational' },
    ]);
    expect(events.filter((e) => e.type === 'component.status_changed').map((e) => e.componentId)).toEqual([
      'api',
      'db',
    ]);
  });

  it('leaves a component at the status another open incident gives it', () => {
    const a = declare(
      'a',
      { name: 'a', impact: 'major', status: 'investigating', components: { api: 'major_outage' } },
      step(0),
    ).incident;
    const b = declare(
      'b',
      { name: 'b', impact: 'minor', status: 'investigating', components: { api: 'degraded_performance' } },
      step(1),
    ).incident;
    const { update: last } = resolve(a, 'fixed', step(30, statusContext([a, b])));
    expect(last.componentChanges).toEqual([{ componentId: 'api', from: 'major_outage', to: 'degraded_performance' }]);
  });

  it('returns a component to its baseline, not blindly to operational', () => {
    const a = declare(
      'a',
      { name: 'a', impact: 'major', status: 'investigating', components: { db: 'major_outage' } },
      step(0),
    ).incident;
    const { update: last } = resolve(a, undefined, step(30, statusContext([a], { db: 'under_maintenance' })));
    expect(last.componentChanges).toEqual([{ componentId: 'db', from: 'major_outage', to: 'under_maintenance' }]);
  });
});

describe('incident events stay the same size however many updates there are (#11)', () => {
  const declared = () =>
    declare(
      'big',
      { name: 'API', impact: 'major', status: 'investigating', body: 'Looking', components: { api: 'partial_outage' } },
      step(0),
    ).incident;

  it('carry the incident without its updates, the announced update whole and its number', () => {
    let incident = declared();
    for (let i = 1; i <= 30; i++)
      incident = update(incident, { status: 'identified', body: `Step ${i} ${'x'.repeat(4000)}` }, step(i)).incident;
    const { events } = update(incident, { status: 'monitoring', body: 'Fix out' }, step(40));
    const event = events[0]!;
    expect(event).toMatchObject({ type: 'incident.updated', updateNumber: 32, update: { body: 'Fix out' } });
    expect(event.type === 'incident.updated' && event.incident).not.toHaveProperty('updates');
    expect(event.type === 'incident.updated' && event.incident.firstUpdateId).toBe(incident.updates[0]!.id);
    expect(JSON.stringify(event).length).toBeLessThan(2_000);
    expect(previousAnnouncement(event)).toBe('incident.big.v31');
  });

  it('rebuild an announcement of an earlier update with its number, and a declare with its update', () => {
    let incident = declared();
    incident = update(incident, { status: 'identified', body: 'Found' }, step(1)).incident;
    incident = resolve(incident, undefined, step(2)).incident;
    expect(announcementOf(incident, incident.updates[1]!.id)).toMatchObject({
      id: 'incident.big.v2',
      updateNumber: 2,
      update: { body: 'Found' },
    });
    expect(announcementOf(incident, incident.updates[0]!.id)).toMatchObject({
      type: 'incident.declared',
      updateNumber: 1,
      update: { body: 'Looking' },
    });
  });

  it('read events stored by earlier versions (the whole incident inside) in the new shape', () => {
    let incident = declared();
    incident = update(incident, { status: 'identified', body: 'Found' }, step(1)).incident;
    const legacyDeclare = {
      type: 'incident.declared',
      id: 'incident.big.v1',
      occurredAt: incident.createdAt,
      actor: incident.declaredBy,
      incident,
    } as unknown as DomainEvent;
    const legacyUpdate = {
      ...legacyDeclare,
      type: 'incident.updated',
      id: 'incident.big.v2',
      update: incident.updates[1],
    } as unknown as DomainEvent;
    expect(upgradeEvent(legacyDeclare)).toMatchObject({
      updateNumber: 1,
      update: { body: 'Looking' },
      incident: { firstUpdateId: incident.updates[0]!.id },
    });
    expect(upgradeEvent(legacyUpdate)).toMatchObject({ updateNumber: 2, update: { body: 'Found' } });
    expect((upgradeEvent(legacyUpdate) as { incident: object }).incident).not.toHaveProperty('updates');
    expect(previousAnnouncement(upgradeEvent(legacyUpdate))).toBe('incident.big.v1');
  });
});
