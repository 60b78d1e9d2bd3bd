import { execFileSync } from 'node:child_process';
import { createSign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Payloads as each product documents them. Alertmanager: the webhook_config payload of
 * prometheus.io/docs/alerting/latest/configuration/#webhook_config (version 4), filled in as a
 * blackbox probe alert. Grafana: the example body of its webhook contact point documentation.
 * CloudWatch: an alarm state change as SNS delivers it (docs.aws.amazon.com, "Amazon SNS message
 * and JSON formats" and "Using Amazon SNS notifications" for alarms).
 */
export function alertmanagerPayload(status: 'firing' | 'resolved', startsAt = '2026-11-23T13:08:45.828Z') {
  return {
    version: '4',
    groupKey: '{}/{severity="critical"}:{alertname="ProbeFailure"}',
    truncatedAlerts: 0,
    status,
    receiver: 'lifeboat',
    groupLabels: { alertname: 'ProbeFailure' },
    commonLabels: {
      alertname: 'ProbeFailure',
      instance: 'https://api.example.org',
      job: 'http_checks',
      severity: 'critical',
    },
    commonAnnotations: { summary: 'BlackBox Probe Failure: https://api.example.org' },
    externalURL: 'http://alertmanager.example.org:9093',
    alerts: [
      {
        status,
        labels: {
          alertname: 'ProbeFailure',
          instance: 'https://api.example.org',
          job: 'http_checks',
          severity: 'critical',
        },
        annotations: {
          description: 'Instance https://api.example.org has been down for over 5m. Job: http_checks',
          summary: 'BlackBox Probe Failure: https://api.example.org',
        },
        startsAt,
        endsAt: status === 'resolved' ? '2026-11-23T13:20:00.000Z' : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1',
        fingerprint: '1a30ba71cca2921f',
      },
    ],
  };
}

export function grafanaPayload(status: 'firing' | 'resolved') {
  return {
    receiver: 'Lifeboat',
    status,
    orgId: 1,
    alerts: [
      {
        status,
        labels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1' },
        annotations: {
          description: 'The system has high memory usage',
          runbook_url: 'https://myrunbook.com/runbook/1234',
          summary: 'This alert was triggered for zone us-1',
        },
        startsAt: '2026-11-23T09:51:03.157076+02:00',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'https://play.grafana.org/alerting/1afz29v7z/edit',
        fingerprint: 'c6eadffa33fcdf37',
        silenceURL:
          'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1',
        dashboardURL: '',
        panelURL: '',
        values: { B: 44.23943737541908, C: 1 },
      },
    ],
    groupLabels: {},
    commonLabels: { team: 'blue' },
    commonAnnotations: {},
    externalURL: 'https://play.grafana.org/',
    version: '1',
    groupKey: '{}:{}',
    truncatedAlerts: 0,
    title: '[FIRING:1]  (blue)',
    state: 'alerting',
    message: '**Firing**\n\nLabels:\n - alertname = High memory usage',
  };
}

export function cloudWatchAlarm(state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA', alarmName = 'web-5xx') {
  return JSON.stringify({
    AlarmName: alarmName,
    AlarmDescription: 'Too many 5xx on the website',
    AWSAccountId: '123456789012',
    AlarmConfigurationUpdatedTimestamp: '2026-11-20T10:00:00.000+0000',
    NewStateValue: state,
    NewStateReason: 'Threshold Crossed: 1 datapoint [42.0 (23/11/26 13:05:00)] was greater than the threshold (10.0).',
    StateChangeTime: state === 'ALARM' ? '2026-11-23T13:06:12.345+0000' : '2026-11-23T13:30:00.000+0000',
    Region: 'EU (Paris)',
    AlarmArn: `arn:aws:cloudwatch:eu-west-3:123456789012:alarm:${alarmName}`,
    OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
    OKActions: [],
    AlarmActions: ['arn:aws:sns:eu-west-3:123456789012:lifeboat-alarms'],
    InsufficientDataActions: [],
    Trigger: {
      MetricName: 'HTTPCode_Target_5XX_Count',
      Namespace: 'AWS/ApplicationELB',
      StatisticType: 'Statistic',
      Statistic: 'SUM',
      Unit: null,
      Dimensions: [{ value: 'app/web/50dc6c495c0c9188', name: 'LoadBalancer' }],
      Period: 60,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 10.0,
      TreatMissingData: 'missing',
      EvaluateLowSampleCountPercentile: '',
    },
  });
}

export const TOPIC_ARN = 'arn:aws:sns:eu-west-3:123456789012:lifeboat-alarms';
export const CERT_URL =
  'https://sns.eu-west-3.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem';

/** A key and self-signed certificate standing in for SNS's (openssl; node:crypto cannot make certificates). */
export function testSigningCertificate(): { key: string; certificate: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lifeboat-sns-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        '/CN=sns.amazonaws.com',
        '-days',
        '1',
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      certificate: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SIGNED_FIELDS: Record<string, string[]> = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
};

/** An SNS HTTP(S) delivery, signed (SignatureVersion 2, SHA256) with the given key. */
export function snsMessage(
  key: string,
  type: 'Notification' | 'SubscriptionConfirmation',
  fields: { Message: string; MessageId?: string; Subject?: string; SubscribeURL?: string; TopicArn?: string },
) {
  const message: Record<string, string> = {
    Type: type,
    MessageId: fields.MessageId ?? '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
    TopicArn: fields.TopicArn ?? TOPIC_ARN,
    Message: fields.Message,
    Timestamp: '2026-11-23T13:06:13.000Z',
    SignatureVersion: '2',
    SigningCertURL: CERT_URL,
    ...(fields.Subject ? { Subject: fields.Subject } : {}),
    ...(type === 'SubscriptionConfirmation'
      ? {
          Token: '2336412f37fb687f5d51e6e2425c464de12884',
          SubscribeURL:
            fields.SubscribeURL ??
            `https://sns.eu-west-3.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC_ARN}&Token=2336412f37fb687f5d51e6e2425c464de12884`,
        }
      : {
          UnsubscribeURL: `https://sns.eu-west-3.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC_ARN}:c9135db0`,
        }),
  };
  const text = SIGNED_FIELDS[type]!.filter((f) => message[f] !== undefined)
    .map((f) => `${f}\n${message[f]}\n`)
    .join('');
  message.Signature = createSign('RSA-SHA256').update(text).sign(key, 'base64');
  return message;
}
