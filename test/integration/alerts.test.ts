import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../lambdas/cli/main';
import { hashApiKey } from '../../lambdas/core/api-key';
import { parseConfig } from '../../lambdas/core/config';
import { LOCAL_PEPPER, LOCAL_TABLE_NAME } from '../../lambdas/local/local-service';
import { signSlackRequest } from '../../lambdas/slack/signature';
import {
  alertmanagerPayload,
  CERT_URL,
  cloudWatchAlarm,
  grafanaPayload,
  snsMessage,
  TOPIC_ARN,
  testSigningCertificate,
} from '../support/alert-payloads';
import { testConfig } from '../support/config';
import { startTestService, type TestService, WRITE_KEY } from '../support/local-service';
import { outbox } from '../support/outbox';

const SECRETS = {
  alertmanager: 'test-alertmanager-secret',
  grafana: 'test-grafana-secret',
  cloudwatch: 'test-cloudwatch-secret',
  generic: 'test-generic-secret',
} as const;

const config = parseConfig(
  {
    ...testConfig,
    alerts: {
      rules: [
        {
          from: ['alertmanager'],
          match: { alertname: 'ProbeFailure', severity: 'critical' },
          component: 'api',
          status: 'major_outage',
          holdSeconds: 120,
        },
        {
          from: ['grafana'],
          match: { alertname: 'High memory usage' },
          component: 'db',
          status: 'degraded_performance',
          holdSeconds: 60,
        },
        {
          from: ['cloudwatch'],
          match: { alarmName: 'web-5xx', region: 'eu-west-3' },
          component: 'web',
          status: 'partial_outage',
          holdSeconds: 0,
        },
        {
          from: ['generic'],
          match: { id: 'email-queue' },
          component: 'email',
          holdSeconds: 30,
          declare: { impact: 'major', afterSeconds: 300, name: 'Email delivery delayed' },
        },
      ],
      cloudwatch: { topicArns: [TOPIC_ARN] },
    },
    slack: { teamId: 'T0LIFEBOAT', notifyChannelId: 'C0ANNOUNCE' },
  },
  'alerts.test.ts',
);

const SLACK_SECRET = 'test-slack-signing-secret';
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const signing = testSigningCertificate();
const certificateRequests: string[] = [];
const confirmations: string[] = [];
let service: TestService;

beforeAll(async () => {
  service = await startTestService({
    config,
    clock,
    alertTimerTickMs: 0, // the test runs the timers itself, on its own clock
    slackSigningSecret: SLACK_SECRET,
    integrationSecrets: Object.entries(SECRETS).map(([integration, secret]) => ({
      integration: integration as keyof typeof SECRETS,
      name: 'monitoring',
      secret,
    })),
    sns: {
      fetchCertificate: async (url) => {
        certificateRequests.push(url);
        return signing.certificate;
      },
      confirmSubscription: async (url) => void confirmations.push(url),
    },
  });
});
afterAll(() => service?.close());

const post = (
  integration: keyof typeof SECRETS,
  body: unknown,
  authorization: string | null = `Bearer ${SECRETS[integration]}`,
) =>
  service.call('POST', `/v1/integrations/${integration}`, {
    body,
    key: null,
    headers: authorization ? { authorization } : {},
  });

/** Moves the clock on and runs whatever alert timers fell due, as EventBridge Scheduler would. */
async function passTime(seconds: number): Promise<void> {
  offsetMs += seconds * 1000;
  await service.alerts.timers.tick();
}

/** What a visitor of the status page sees: the published Statuspage JSON. */
async function pageStatus(componentId: string): Promise<string> {
  await service.site.idle();
  const { components } = (await (await fetch(`${service.url}/api/v2/components.json`)).json()) as {
    components: { id: string; status: string }[];
  };
  return components.find((c) => c.id === componentId)!.status;
}

/** The audit trail of the test clock's day and the day before (the clock moves on, maybe past midnight). */
async function auditToday() {
  const days = [clock.now(), new Date(clock.now().getTime() - 86_400_000)].map((d) => d.toISOString().slice(0, 10));
  const pages = await Promise.all(
    days.map(async (day) => (await (await service.call('GET', `/v1/audit?date=${day}`)).json()).entries),
  );
  return pages.flat() as { id: string; actor: { channel: string; name: string }; action: string; summary: string }[];
}

describe('alerts from Alertmanager', () => {
  it('turns the mapped component to major_outage on the page once the alert has held, and back when it resolves', async () => {
    const firing = await post('alertmanager', alertmanagerPayload('firing'));
    expect(firing.status).toBe(200);
    expect((await firing.json()).alerts).toEqual([expect.objectContaining({ name: 'ProbeFailure', outcome: 'held' })]);
    expect(await pageStatus('api')).toBe('operational');

    await passTime(119);
    expect(await pageStatus('api')).toBe('operational');
    await passTime(1);
    expect(await pageStatus('api')).toBe('major_outage');

    // Alertmanager repeats a firing group every repeat_interval: nothing changes, nothing is recorded twice.
    const auditBefore = await auditToday();
    const repeat = await post('alertmanager', alertmanagerPayload('firing'));
    expect((await repeat.json()).alerts[0].outcome).toBe('repeat');
    expect(await auditToday()).toHaveLength(auditBefore.length);

    const resolved = await post('alertmanager', alertmanagerPayload('resolved'));
    expect((await resolved.json()).alerts[0].outcome).toBe('resolved');
    expect(await pageStatus('api')).toBe('operational');
    // A late copy of the firing that just resolved does not bring it back.
    expect((await (await post('alertmanager', alertmanagerPayload('firing'))).json()).alerts[0].outcome).toBe('stale');

    const entries = (await auditToday()).filter((e) => e.actor.channel === 'integration');
    expect(entries.every((e) => e.actor.name === 'alertmanager:monitoring')).toBe(true);
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['alert.receive', 'component.signal']));
    expect(entries.some((e) => e.summary.includes('shows major_outage'))).toBe(true);
  });

  it('damps flapping: an alert that resolves within its hold time never reaches the page', async () => {
    await post('alertmanager', alertmanagerPayload('firing', '2026-11-23T14:00:00.000Z'));
    await passTime(60);
    await post('alertmanager', alertmanagerPayload('resolved', '2026-11-23T14:00:00.000Z'));
    await passTime(120);
    expect(await pageStatus('api')).toBe('operational');
    expect(
      service.published.filter((e) => e.type === 'component.status_changed' && e.componentId === 'api'),
    ).toHaveLength(2); // the first test's two
  });

  it('refuses unsigned, forged and malformed deliveries with problem+json, and changes nothing', async () => {
    const payload = alertmanagerPayload('firing', '2026-11-23T15:00:00.000Z');
    const unsigned = await post('alertmanager', payload, null);
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get('content-type')).toBe('application/problem+json');
    expect((await post('alertmanager', payload, 'Bearer not-a-secret')).status).toBe(401);
    // Another integration's secret opens only its own endpoint.
    expect((await post('alertmanager', payload, `Bearer ${SECRETS.grafana}`)).status).toBe(401);
    const old = await post('alertmanager', { ...payload, version: '3' });
    expect(old.status).toBe(400);
    expect((await old.json()).errors).toEqual([expect.objectContaining({ field: 'version' })]);
    const noAlerts = await post('alertmanager', { ...payload, alerts: [{ status: 'firing' }] });
    expect(noAlerts.status).toBe(400);

    await passTime(600);
    expect(await pageStatus('api')).toBe('operational');
    expect((await (await service.call('GET', '/v1/alerts')).json()).alerts).toEqual([]);
  });
});

describe('alerts from Grafana', () => {
  it("reads Grafana's documented webhook body and damps it the same way", async () => {
    const firing = await post('grafana', grafanaPayload('firing'));
    expect((await firing.json()).alerts).toEqual([
      expect.objectContaining({ name: 'High memory usage', outcome: 'held' }),
    ]);
    await passTime(60);
    expect(await pageStatus('db')).toBe('degraded_performance');
    await post('grafana', grafanaPayload('resolved'));
    expect(await pageStatus('db')).toBe('operational');
  });
});

describe('CloudWatch alarms through SNS', () => {
  it('confirms a signed subscription of an allowed topic by visiting its SNS address', async () => {
    const confirmation = snsMessage(signing.key, 'SubscriptionConfirmation', {
      Message: 'You have chosen to subscribe to the topic',
    });
    const response = await post('cloudwatch', confirmation, basic(SECRETS.cloudwatch));
    expect(response.status).toBe(200);
    expect(confirmations).toEqual([confirmation.SubscribeURL]);
    expect(certificateRequests).toContain(CERT_URL);
  });

  it('never visits a SubscribeURL outside SNS, and refuses other topics', async () => {
    const elsewhere = snsMessage(signing.key, 'SubscriptionConfirmation', {
      Message: 'x',
      SubscribeURL: 'https://attacker.example/?Action=ConfirmSubscription',
    });
    const response = await post('cloudwatch', elsewhere, basic(SECRETS.cloudwatch));
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual([expect.objectContaining({ field: 'SubscribeURL' })]);
    const otherTopic = snsMessage(signing.key, 'Notification', {
      Message: cloudWatchAlarm('ALARM'),
      TopicArn: 'arn:aws:sns:eu-west-3:999999999999:other',
    });
    expect((await post('cloudwatch', otherTopic, basic(SECRETS.cloudwatch))).status).toBe(403);
    expect(confirmations).toHaveLength(1);
  });

  it('shows an alarm signed by SNS and restores the component when it returns to OK', async () => {
    const alarm = await post(
      'cloudwatch',
      snsMessage(signing.key, 'Notification', {
        Message: cloudWatchAlarm('ALARM'),
        Subject: 'ALARM: "web-5xx" in EU (Paris)',
      }),
      basic(SECRETS.cloudwatch),
    );
    expect(alarm.status).toBe(200);
    expect((await alarm.json()).alerts).toEqual([expect.objectContaining({ name: 'web-5xx', outcome: 'shown' })]);
    expect(await pageStatus('web')).toBe('partial_outage');
    const ok = await post(
      'cloudwatch',
      snsMessage(signing.key, 'Notification', {
        Message: cloudWatchAlarm('OK'),
        MessageId: 'b7e3c2a0-1111-4c2c-8f9d-bdfb0c7bf324',
      }),
      basic(SECRETS.cloudwatch),
    );
    expect((await ok.json()).alerts[0].outcome).toBe('resolved');
    expect(await pageStatus('web')).toBe('operational');
  });

  it('refuses a message whose signature does not match, or that is not signed at all', async () => {
    const signed = snsMessage(signing.key, 'Notification', { Message: cloudWatchAlarm('ALARM') });
    const forged = { ...signed, Message: cloudWatchAlarm('ALARM', 'web-5xx').replace('Threshold Crossed', 'Forged') };
    const response = await post('cloudwatch', forged, basic(SECRETS.cloudwatch));
    expect(response.status).toBe(401);
    expect((await response.json()).errors).toEqual([expect.objectContaining({ field: 'Signature' })]);
    const { Signature: _dropped, ...unsigned } = signed;
    expect((await post('cloudwatch', unsigned, basic(SECRETS.cloudwatch))).status).toBe(400);
    expect(
      (
        await post(
          'cloudwatch',
          {
            ...signed,
            SigningCertURL: 'https://example.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem',
          },
          basic(SECRETS.cloudwatch),
        )
      ).status,
    ).toBe(401);
    expect((await post('cloudwatch', signed, null)).status).toBe(401);
    expect(await pageStatus('web')).toBe('operational');
  });
});

describe('generic alerts, and incidents they declare', () => {
  const generic = (status: 'firing' | 'resolved', startsAt: string) => ({
    id: 'email-queue',
    status,
    labels: { team: 'mail' },
    summary: 'Outgoing mail queue above 10,000 messages',
    startsAt,
  });

  it('declares an incident after the grace period, unless on-call cancels it first', async () => {
    await post('generic', generic('firing', '2026-11-23T16:00:00.000Z'));
    await passTime(30);
    expect(await pageStatus('email')).toBe('major_outage');
    const [open] = (await (await service.call('GET', '/v1/alerts')).json()).alerts;
    expect(open).toMatchObject({
      name: 'email-queue',
      state: 'active',
      declare: { state: 'waiting', impact: 'major' },
    });

    const cancelled = await service.call('POST', `/v1/alerts/${open.id}/cancel`);
    expect(cancelled.status).toBe(200);
    await passTime(300);
    expect(await service.services.incidents.listOpen()).toEqual([]);
    await post('generic', generic('resolved', '2026-11-23T16:00:00.000Z'));
    expect(await pageStatus('email')).toBe('operational');

    // The next firing is a new episode: no one cancels, and the incident is declared once.
    await post('generic', generic('firing', '2026-11-23T17:00:00.000Z'));
    await passTime(30);
    await passTime(300);
    await post('generic', generic('firing', '2026-11-23T17:00:00.000Z'));
    await passTime(300);
    const incidents = await service.services.incidents.listOpen();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      name: 'Email delivery delayed',
      impact: 'major',
      components: { email: 'major_outage' },
      declaredBy: { channel: 'integration', name: 'generic:monitoring' },
    });
    expect((await service.call('POST', `/v1/alerts/${open.id}/cancel`)).status).toBe(409);
  });

  it('takes its documented shape only, naming what is wrong', async () => {
    const response = await post('generic', { id: 'x', status: 'burning' });
    expect(response.status).toBe(400);
    const { errors } = await response.json();
    expect(errors.map((e: { field: string }) => e.field)).toContain('status');
    expect((await service.call('POST', '/v1/alerts/zzzzzzzzzzzz/cancel')).status).toBe(404);
  });
});

describe('Slack', () => {
  it('announces a planned declaration with the command to stop it, and /outage cancel stops it', async () => {
    await post('generic', { id: 'email-queue', status: 'resolved' });
    await post('generic', { id: 'email-queue', status: 'firing', startsAt: '2026-11-23T19:00:00.000Z' });
    await passTime(30);
    const announcement = (await outbox(service)).find(
      (m) => m.channel === 'slack' && m.to === 'C0ANNOUNCE' && m.body.includes('/outage cancel'),
    );
    expect(announcement?.body).toContain('"Email delivery delayed" (major) will be declared');
    const id = /\/outage cancel (\w{12})/.exec(announcement!.body)![1]!;

    const openBefore = (await service.services.incidents.listOpen()).length;
    const body = new URLSearchParams({
      team_id: 'T0LIFEBOAT',
      channel_id: 'C0ONCALL',
      user_id: 'U0ALICE',
      user_name: 'alice',
      command: '/outage',
      text: `cancel ${id}`,
      response_url: 'https://hooks.slack.example/commands/1',
      trigger_id: 'trigger-cancel-1',
    }).toString();
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      ...signSlackRequest(body, SLACK_SECRET, Math.floor(Date.now() / 1000)),
    };
    expect((await fetch(`${service.url}/v1/slack/commands`, { method: 'POST', headers, body })).status).toBe(200);
    await service.slack.jobs.idle();
    await passTime(300);
    expect(await service.services.incidents.listOpen()).toHaveLength(openBefore);
    const said = (await outbox(service)).filter(
      (m) => m.channel === 'slack' && m.body.includes('No incident will be declared'),
    );
    expect(said.map((m) => m.to).sort()).toEqual(['C0ANNOUNCE', 'https://hooks.slack.example/commands/1']);
    const audit = await auditToday();
    expect(audit.find((e) => e.action === 'alert.cancel_declare' && e.actor.channel === 'slack')?.actor.name).toContain(
      'alice',
    );
  });
});

describe('the CLI', () => {
  async function lifeboat(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    // The SDK reads credentials from the process's environment (the local table takes any).
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    const env = { LIFEBOAT_URL: service.url, LIFEBOAT_API_KEY: WRITE_KEY };
    const code = await run(args, env, { out: (t) => out.push(t), err: (t) => err.push(t) }).finally(() =>
      vi.unstubAllEnvs(),
    );
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }

  it('creates an integration secret whose hash alone is stored, and which opens its own endpoint only', async () => {
    const created = await lifeboat([
      'integrations',
      'create',
      'generic',
      '--name',
      'uptime-kuma',
      '--table',
      LOCAL_TABLE_NAME,
      '--pepper',
      LOCAL_PEPPER,
      '--endpoint',
      service.dynamoDbEndpoint,
      '--region',
      'us-east-1',
    ]);
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^lbi_[\w-]{43}$/);
    const stored = await service.stores.integrationKeys.findByHash(hashApiKey(secret, LOCAL_PEPPER));
    expect(stored).toMatchObject({ integration: 'generic', name: 'uptime-kuma' });
    expect(JSON.stringify(stored)).not.toContain(secret);

    const accepted = await post('generic', { id: 'cli-check', status: 'resolved' }, `Bearer ${secret}`);
    expect(accepted.status).toBe(200);
    expect((await post('alertmanager', alertmanagerPayload('firing'), `Bearer ${secret}`)).status).toBe(401);
    expect((await lifeboat(['integrations', 'create', 'nagios', '--name', 'x'])).code).toBe(2);
  });

  it('lists firing alerts and cancels a planned declaration', async () => {
    await post('generic', { id: 'email-queue', status: 'resolved' });
    await post('generic', { id: 'email-queue', status: 'firing', startsAt: '2026-11-23T18:00:00.000Z' });
    await passTime(30);
    const listed = await lifeboat(['alerts']);
    expect(listed.code).toBe(0);
    const id = /^(\w{12}) +email-queue/m.exec(listed.stdout)?.[1];
    expect(listed.stdout).toContain(`lifeboat alerts cancel ${id}`);
    const openBefore = (await service.services.incidents.listOpen()).length;
    const cancelled = await lifeboat(['alerts', 'cancel', id!]);
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toContain('No incident will be declared');
    await passTime(300);
    expect(await service.services.incidents.listOpen()).toHaveLength(openBefore);
  });
});

const basic = (secret: string) => `Basic ${Buffer.from(`sns:${secret}`).toString('base64')}`;
