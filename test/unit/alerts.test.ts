import { describe, expect, it } from 'vitest';
import { AlertService } from '../../lambdas/alerts/alert-service';
import { matchRule } from '../../lambdas/alerts/mapping';
import { fromCloudWatchAlarm, type ReceivedAlert, readAlerts } from '../../lambdas/alerts/payloads';
import type { AlertRecord, AlertStore, AlertTimers } from '../../lambdas/alerts/ports';
import { readSnsEnvelope, subscribeUrlOf, verifySnsSignature } from '../../lambdas/alerts/sns-message';
import type { Actor } from '../../lambdas/core/actor';
import type { AuditEntry } from '../../lambdas/core/audit';
import type { ComponentRecord } from '../../lambdas/core/component';
import { ComponentService } from '../../lambdas/core/component-service';
import { ComponentSignals } from '../../lambdas/core/component-signals';
import { type LifeboatConfigInput, parseConfig } from '../../lambdas/core/config';
import { LifeboatError, VersionConflictError } from '../../lambdas/core/errors';
import type { DomainEvent } from '../../lambdas/core/events';
import type { Incident } from '../../lambdas/core/incident';
import { IncidentService } from '../../lambdas/core/incident-service';
import type { ComponentStore, IncidentStore } from '../../lambdas/core/ports';
import { renderPostmortem } from '../../lambdas/render/postmortem-html';
import {
  alertmanagerPayload,
  cloudWatchAlarm,
  grafanaPayload,
  snsMessage,
  testSigningCertificate,
} from '../support/alert-payloads';
import { testConfig } from '../support/config';

const PROMETHEUS: Actor = { channel: 'integration', name: 'alertmanager:prod' };

function configWith(rules: NonNullable<LifeboatConfigInput['alerts']>['rules']) {
  return parseConfig({ ...testConfig, alerts: { rules } }, 'test');
}

describe('alert rules', () => {
  const { rules } = configWith([
    { from: ['alertmanager'], match: { alertname: 'ApiDown', severity: ['critical', 'page'] }, component: 'api' },
    { match: { alertname: 'ApiDown' }, component: 'api', status: 'degraded_performance' },
    { from: ['cloudwatch'], match: { alarmName: 'db-cpu' }, component: 'db', status: 'partial_outage' },
  ]).alerts;

  it('takes the first rule whose every label matches, any of a list', () => {
    expect(matchRule(rules, 'alertmanager', { alertname: 'ApiDown', severity: 'page', instance: 'x' })?.status).toBe(
      'major_outage',
    );
    expect(matchRule(rules, 'alertmanager', { alertname: 'ApiDown', severity: 'warning' })?.status).toBe(
      'degraded_performance',
    );
    expect(matchRule(rules, 'grafana', { alertname: 'ApiDown', severity: 'critical' })?.status).toBe(
      'degraded_performance',
    );
  });

  it('matches nothing when a label is missing or the integration is not listed', () => {
    expect(matchRule(rules, 'alertmanager', { severity: 'critical' })).toBeUndefined();
    expect(matchRule(rules, 'generic', { alarmName: 'db-cpu' })).toBeUndefined();
    expect(matchRule(rules, 'cloudwatch', { alarmName: 'db-cpu' })?.component).toBe('db');
  });

  it('holds for a minute by default and refuses unknown components and empty matches', () => {
    expect(rules[0]!.holdSeconds).toBe(60);
    expect(() => configWith([{ match: { alertname: 'x' }, component: 'nope' }])).toThrow(
      /alerts\.rules\.0\.component: unknown component "nope"/,
    );
    expect(() => configWith([{ match: {}, component: 'api' }])).toThrow(/alerts\.rules\.0\.match/);
    expect(() => configWith([{ match: { a: 'b' }, component: 'api', status: 'operational' as never }])).toThrow(
      /status/,
    );
  });
});

describe('reading payloads', () => {
  it('reads Alertmanager and Grafana alerts with their fingerprint, labels and start', () => {
    expect(readAlerts('alertmanager', alertmanagerPayload('firing'))).toEqual([
      {
        key: '1a30ba71cca2921f',
        status: 'firing',
        labels: expect.objectContaining({ alertname: 'ProbeFailure', severity: 'critical' }),
        name: 'ProbeFailure',
        summary: 'BlackBox Probe Failure: https://api.example.org',
        startsAt: '2026-11-23T13:08:45.828Z',
        endsAt: null,
      },
    ]);
    expect(readAlerts('alertmanager', alertmanagerPayload('resolved'))[0]!.endsAt).toBe('2026-11-23T13:20:00.000Z');
    expect(readAlerts('grafana', grafanaPayload('firing'))[0]).toMatchObject({
      key: 'c6eadffa33fcdf37',
      startsAt: '2026-11-23T07:51:03.157Z',
    });
  });

  it('reads a CloudWatch alarm: ALARM fires, OK resolves, INSUFFICIENT_DATA says nothing', () => {
    const [alarm] = fromCloudWatchAlarm(cloudWatchAlarm('ALARM'));
    expect(alarm).toMatchObject({
      key: 'arn:aws:cloudwatch:eu-west-3:123456789012:alarm:web-5xx',
      status: 'firing',
      labels: {
        alarmName: 'web-5xx',
        region: 'eu-west-3',
        accountId: '123456789012',
        namespace: 'AWS/ApplicationELB',
        metricName: 'HTTPCode_Target_5XX_Count',
      },
      startsAt: '2026-11-23T13:06:12.345Z',
    });
    expect(fromCloudWatchAlarm(cloudWatchAlarm('OK'))[0]).toMatchObject({ status: 'resolved', startsAt: null });
    expect(fromCloudWatchAlarm(cloudWatchAlarm('INSUFFICIENT_DATA'))).toEqual([]);
    expect(() => fromCloudWatchAlarm('not json')).toThrow(LifeboatError);
  });

  it('names the bad field of a payload', () => {
    const bad = {
      ...alertmanagerPayload('firing'),
      alerts: [{ ...alertmanagerPayload('firing').alerts[0], startsAt: 'yesterday' }],
    };
    try {
      readAlerts('alertmanager', bad);
      expect.unreachable();
    } catch (error) {
      expect((error as LifeboatError).status).toBe(400);
      expect((error as LifeboatError).errors).toEqual([expect.objectContaining({ field: 'alerts.0.startsAt' })]);
    }
  });
});

describe('SNS signatures', () => {
  const signing = testSigningCertificate();
  const other = testSigningCertificate();
  const fetchCertificate = async () => signing.certificate;

  it('accepts what the certificate signed, and nothing else', async () => {
    const message = readSnsEnvelope(
      snsMessage(signing.key, 'Notification', { Message: cloudWatchAlarm('ALARM'), Subject: 'ALARM' }),
    );
    await expect(verifySnsSignature(message, fetchCertificate)).resolves.toBeUndefined();
    await expect(verifySnsSignature({ ...message, Subject: 'OK' }, fetchCertificate)).rejects.toMatchObject({
      status: 401,
    });
    const byOther = readSnsEnvelope(snsMessage(other.key, 'Notification', { Message: 'x' }));
    await expect(verifySnsSignature(byOther, fetchCertificate)).rejects.toMatchObject({ status: 401 });
  });

  it('never fetches a certificate from anywhere but an SNS host over HTTPS', async () => {
    const fetched: string[] = [];
    const message = readSnsEnvelope(snsMessage(signing.key, 'Notification', { Message: 'x' }));
    for (const url of [
      'http://sns.eu-west-3.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem',
      'https://sns.eu-west-3.amazonaws.com.evil.example/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem',
      'https://evil.example/sns.eu-west-3.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem',
    ]) {
      await expect(
        verifySnsSignature({ ...message, SigningCertURL: url }, async (u) => {
          fetched.push(u);
          return signing.certificate;
        }),
      ).rejects.toMatchObject({ status: 401 });
    }
    expect(fetched).toEqual([]);
  });

  it("confirms only through SNS in the topic's own region", () => {
    const at = (SubscribeURL: string) =>
      readSnsEnvelope(snsMessage(signing.key, 'SubscriptionConfirmation', { Message: 'x', SubscribeURL }));
    expect(subscribeUrlOf(at('https://sns.eu-west-3.amazonaws.com/?Action=ConfirmSubscription&Token=t'))).toMatch(
      /^https:\/\/sns\.eu-west-3\.amazonaws\.com\//,
    );
    for (const url of [
      'https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription',
      'http://sns.eu-west-3.amazonaws.com/',
      'https://sns.eu-west-3.amazonaws.com:8443/',
      'https://user@sns.eu-west-3.amazonaws.com/',
      'https://sns.eu-west-3.amazonaws.com.evil.example/',
    ]) {
      expect(() => subscribeUrlOf(at(url)), url).toThrow(LifeboatError);
    }
  });
});

/** The alert service on in-memory ports, with a clock the test moves. */
function harness(rules: NonNullable<LifeboatConfigInput['alerts']>['rules']) {
  const config = configWith(rules);
  let now = Date.parse('2026-11-23T12:00:00Z');
  const clock = { now: () => new Date(now) };
  const records = new Map<string, ComponentRecord>();
  /** Events as committed: a component's come with its record (the table's outbox), the rest are published. */
  const events: DomainEvent[] = [];
  const components: ComponentStore = {
    list: async () => [...records.values()],
    get: async (id) => records.get(id),
    ensure: async () => {},
    save: async (record, committed) => {
      if ((records.get(record.id)?.version ?? 0) !== record.version - 1) throw new VersionConflictError(record.id);
      records.set(record.id, record);
      events.push(...committed);
    },
  };
  const incidentsById = new Map<string, Incident>();
  const incidentStore = {
    get: async (id: string) => incidentsById.get(id),
    create: async (incident: Incident) => {
      if (incidentsById.has(incident.id)) throw new VersionConflictError(incident.id);
      incidentsById.set(incident.id, incident);
    },
    save: async (incident: Incident) => void incidentsById.set(incident.id, incident),
    announce: async () => {},
    listOpen: async () => [...incidentsById.values()].filter((i) => i.status !== 'resolved'),
    list: async () => ({ items: [...incidentsById.values()], nextCursor: null }),
  } satisfies IncidentStore;
  const audit: AuditEntry[] = [];
  const auditLog = {
    record: async (entries: readonly AuditEntry[]) => {
      for (const e of entries) if (!audit.some((a) => a.id === e.id)) audit.push(e);
    },
    listDay: async () => audit,
  };
  const alertRecords = new Map<string, AlertRecord>();
  const alerts: AlertStore = {
    get: async (id) => alertRecords.get(id),
    save: async (record) => {
      if ((alertRecords.get(record.id)?.version ?? 0) !== record.version - 1) throw new VersionConflictError(record.id);
      alertRecords.set(record.id, record);
    },
    listOpen: async () => [...alertRecords.values()].filter((r) => r.state !== 'resolved'),
  };
  const timers = new Map<string, number>();
  const alertTimers: AlertTimers = {
    set: async (name, at) => void timers.set(name, at.getTime()),
    cancel: async (name) => void timers.delete(name),
  };
  const announced: string[] = [];
  const ports = {
    config,
    incidents: incidentStore,
    components,
    events: { publish: async (e: readonly DomainEvent[]) => void events.push(...e) },
    audit: auditLog,
    clock,
  };
  const service = new AlertService({
    config,
    alerts,
    timers: alertTimers,
    signals: new ComponentSignals(ports),
    incidents: new IncidentService({ ...ports, renderPostmortem }),
    audit: auditLog,
    clock,
    announce: async (text) => void announced.push(text),
  });
  const status = (id: string) => {
    const signals = Object.values(records.get(id)?.signals ?? {}).map((s) => s.status);
    return signals.length ? signals : ['none'];
  };
  return {
    service,
    components: new ComponentService(ports),
    announced,
    timers,
    events,
    audit,
    incidents: incidentsById,
    status,
    /** Moves the clock and fires the timers that fell due, as Scheduler would. */
    async pass(seconds: number) {
      now += seconds * 1000;
      for (const [name, at] of [...timers]) {
        if (at > now) continue;
        timers.delete(name);
        await service.onTimer(name);
      }
    },
  };
}

const alert = (
  status: 'firing' | 'resolved',
  startsAt: string | null = '2026-11-23T11:59:00.000Z',
  key = 'fp1',
): ReceivedAlert => ({
  key,
  status,
  labels: { alertname: 'ApiDown' },
  name: 'ApiDown',
  summary: 'API probe failing',
  startsAt,
  endsAt: null,
});

describe('damping', () => {
  const rules = [{ match: { alertname: 'ApiDown' }, component: 'api', holdSeconds: 120 }];

  it('changes the page only once the alert has held, and restores it on resolve', async () => {
    const h = harness(rules);
    expect(await h.service.receive('alertmanager', [alert('firing')], PROMETHEUS)).toEqual([
      expect.objectContaining({ outcome: 'held' }),
    ]);
    await h.pass(119);
    expect(h.status('api')).toEqual(['none']);
    await h.pass(1);
    expect(h.status('api')).toEqual(['major_outage']);
    expect(h.events).toEqual([
      expect.objectContaining({
        type: 'component.status_changed',
        from: 'operational',
        to: 'major_outage',
        actor: PROMETHEUS,
      }),
    ]);
    await h.service.receive('alertmanager', [alert('resolved')], PROMETHEUS);
    expect(h.status('api')).toEqual(['none']);
    expect(h.events.at(-1)).toMatchObject({ from: 'major_outage', to: 'operational' });
  });

  it('cancels a held alert that resolves in time: the page never moves', async () => {
    const h = harness(rules);
    await h.service.receive('alertmanager', [alert('firing')], PROMETHEUS);
    await h.pass(60);
    await h.service.receive('alertmanager', [alert('resolved')], PROMETHEUS);
    expect(h.timers.size).toBe(0);
    await h.pass(600);
    expect(h.events).toEqual([]);
  });

  it('treats repeats as repeats: nothing new is shown, recorded or announced', async () => {
    const h = harness(rules);
    await h.service.receive('alertmanager', [alert('firing')], PROMETHEUS);
    await h.pass(120);
    const recorded = h.audit.length;
    for (let i = 0; i < 3; i++) {
      expect((await h.service.receive('alertmanager', [alert('firing')], PROMETHEUS))[0]!.outcome).toBe('repeat');
    }
    await h.service.receive('alertmanager', [alert('resolved')], PROMETHEUS);
    expect((await h.service.receive('alertmanager', [alert('resolved')], PROMETHEUS))[0]!.outcome).toBe('repeat');
    expect(h.events).toHaveLength(2);
    expect(h.audit).toHaveLength(recorded + 2); // the resolve and the cleared signal
  });

  it('re-arms a lost timer when the sender repeats the firing', async () => {
    const h = harness(rules);
    await h.service.receive('alertmanager', [alert('firing')], PROMETHEUS);
    h.timers.clear(); // as if the process died between the record's write and the timer's
    await h.pass(200);
    expect(h.status('api')).toEqual(['none']);
    await h.service.receive('alertmanager', [alert('firing')], PROMETHEUS);
    expect(h.status('api')).toEqual(['major_outage']);
  });

  it('keeps a component at the worst of its alerts, and each resolve takes only its own away', async () => {
    const h = harness([
      { match: { alertname: 'ApiDown' }, component: 'api', holdSeconds: 0 },
      { match: { alertname: 'ApiSlow' }, component: 'api', status: 'degraded_performance', holdSeconds: 0 },
    ]);
    await h.service.receive('grafana', [alert('firing', null, 'down')], PROMETHEUS);
    await h.service.receive(
      'grafana',
      [{ ...alert('firing', null, 'slow'), labels: { alertname: 'ApiSlow' } }],
      PROMETHEUS,
    );
    expect(h.status('api').sort()).toEqual(['degraded_performance', 'major_outage']);
    await h.service.receive('grafana', [alert('resolved', null, 'down')], PROMETHEUS);
    expect(h.status('api')).toEqual(['degraded_performance']);
    expect(h.events.at(-1)).toMatchObject({ from: 'major_outage', to: 'degraded_performance' });
  });

  it('keeps alerts on the page when on-call changes the baseline, and the baseline when they resolve', async () => {
    const h = harness([{ match: { alertname: 'ApiDown' }, component: 'api', holdSeconds: 0 }]);
    await h.service.receive('alertmanager', [alert('firing')], PROMETHEUS);
    const shown = await h.components.setStatus('api', 'under_maintenance', { channel: 'api', name: 'on-call' });
    expect(shown.status).toBe('major_outage');
    await h.service.receive('alertmanager', [alert('resolved')], PROMETHEUS);
    expect((await h.components.list()).find((c) => c.id === 'api')!.status).toBe('under_maintenance');
  });

  it('leaves a new firing alone when a resolve of an older one arrives late', async () => {
    const h = harness([{ match: { alarmName: 'web-5xx' }, component: 'web', holdSeconds: 0 }]);
    const [alarm] = fromCloudWatchAlarm(cloudWatchAlarm('ALARM'));
    const [ok] = fromCloudWatchAlarm(cloudWatchAlarm('OK'));
    await h.service.receive('cloudwatch', [{ ...alarm!, startsAt: '2026-11-23T14:00:00.000Z' }], PROMETHEUS);
    expect((await h.service.receive('cloudwatch', [ok!], PROMETHEUS))[0]!.outcome).toBe('stale'); // its OK came at 13:30
    expect(h.status('web')).toEqual(['major_outage']);
    expect(
      (await h.service.receive('cloudwatch', [{ ...ok!, endsAt: '2026-11-23T14:05:00.000Z' }], PROMETHEUS))[0]!.outcome,
    ).toBe('resolved');
  });

  it('records an alert no rule maps, and changes nothing', async () => {
    const h = harness(rules);
    const [outcome] = await h.service.receive(
      'alertmanager',
      [{ ...alert('firing'), labels: { alertname: 'DiskFull' } }],
      PROMETHEUS,
    );
    expect(outcome!.outcome).toBe('unmapped');
    expect(h.audit).toEqual([
      expect.objectContaining({
        action: 'alert.receive',
        actor: PROMETHEUS,
        summary: expect.stringContaining('no rule matches'),
      }),
    ]);
    expect(h.timers.size).toBe(0);
  });
});

describe('declaring from an alert', () => {
  const rules = [
    {
      match: { alertname: 'ApiDown' },
      component: 'api',
      holdSeconds: 60,
      declare: { impact: 'critical' as const, afterSeconds: 300 },
    },
  ];

  it('declares once the grace period is over, once, with the integration as the declarer', async () => {
    const h = harness(rules);
    await h.service.receive('alertmanager', [alert('firing')], PROMETHEUS);
    await h.pass(60);
    expect(h.announced).toEqual([
      expect.stringMatching(/incident "ApiDown" \(critical\) will be declared at .*lifeboat alerts cancel \w{12}/),
    ]);
    await h.pass(299);
    expect(h.incidents.size).toBe(0);
    await h.pass(1);
    expect([...h.incidents.values()]).toEqual([
      expect.objectContaining({
        name: 'ApiDown',
        impact: 'critical',
        components: { api: 'major_outage' },
        declaredBy: PROMETHEUS,
      }),
    ]);
    const [record] = await h.service.listOpen();
    expect(record!.declare).toMatchObject({ state: 'declared', incidentId: [...h.incidents.keys()][0] });
    await h.service.onTimer(`declare-${record!.id}`); // a timer delivered twice
    expect(h.incidents.size).toBe(1);
  });

  it('declares nothing when on-call cancels, or when the alert resolves first', async () => {
    const h = harness(rules);
    await h.service.receive('alertmanager', [alert('firing')], PROMETHEUS);
    await h.pass(60);
    const [record] = await h.service.listOpen();
    const oncall: Actor = { channel: 'cli', name: 'on-call' };
    expect((await h.service.cancelDeclaration(record!.id, oncall)).declare).toMatchObject({
      state: 'cancelled',
      cancelledBy: oncall,
    });
    await h.service.cancelDeclaration(record!.id, oncall); // again: harmless
    await h.pass(600);
    expect(h.incidents.size).toBe(0);
    expect(h.audit.filter((e) => e.action === 'alert.cancel_declare')).toHaveLength(1);

    // Cancelled while still held: shown later, but never declared.
    const h3 = harness(rules);
    await h3.service.receive('alertmanager', [alert('firing')], PROMETHEUS);
    await h3.service.cancelDeclaration((await h3.service.listOpen())[0]!.id, oncall);
    await h3.pass(60);
    expect(h3.status('api')).toEqual(['major_outage']);
    await h3.pass(600);
    expect(h3.incidents.size).toBe(0);
    expect(h3.announced).toEqual([]);

    const h2 = harness(rules);
    await h2.service.receive('alertmanager', [alert('firing')], PROMETHEUS);
    await h2.pass(60);
    await h2.service.receive('alertmanager', [alert('resolved')], PROMETHEUS);
    await h2.pass(600);
    expect(h2.incidents.size).toBe(0);
  });
});
