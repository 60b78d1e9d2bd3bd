import type { Integration } from '../core/integration';
import * as z from '../core/schema';
import { parseInput } from '../core/validation';

/**
 * One alert as every integration's payload says it, once read: what the mapping and the damping
 * work on. Payloads are read leniently (their products add fields over time) but what Lifeboat
 * uses is checked strictly, so a bad payload is a 400 naming the field.
 */
export interface ReceivedAlert {
  /** Stable across deliveries of the same alert: Alertmanager's fingerprint, the alarm's ARN, the generic id. */
  key: string;
  status: 'firing' | 'resolved';
  /** What rules match on. */
  labels: Record<string, string>;
  /** A short name for people (alertname, alarm name). */
  name: string;
  summary: string | null;
  /** When this firing began, as the sender says; absent when it does not say. */
  startsAt: string | null;
  /** For a resolve: when it ended, as the sender says (tells a late resolve of an older firing). */
  endsAt: string | null;
}

const MAX_ALERTS = 100;
const Labels = z.record(z.string().check(z.maxLength(256)), z.string().check(z.maxLength(1024)));
const Key = z.string().check(z.minLength(1), z.maxLength(512));
const Timestamp = z.pipe(
  z.string().check(z.maxLength(64)),
  z.transform((text: string, ctx) => {
    // Alertmanager writes "0001-01-01T00:00:00Z" for "not set"; CloudWatch writes "+0000" offsets.
    const time = Date.parse(text.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
    if (Number.isNaN(time)) {
      ctx.issues.push({ code: 'custom', message: 'not a date and time (RFC 3339)', input: text });
      return z.NEVER;
    }
    return time <= Date.parse('0001-01-02T00:00:00Z') ? null : new Date(time).toISOString();
  }),
);
const Alerts = <T extends z.core.$ZodType>(alert: T) => z.array(alert).check(z.minLength(1), z.maxLength(MAX_ALERTS));

/** The alert inside an Alertmanager (webhook version 4) or Grafana payload: the same shape. */
const PrometheusStyleAlert = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: Labels,
  annotations: z._default(Labels, {}),
  startsAt: Timestamp,
  endsAt: z.optional(Timestamp),
  fingerprint: Key,
});

/** Alertmanager's webhook_config payload, version 4 (prometheus.io/docs/alerting/latest/configuration/#webhook_config). */
export const AlertmanagerPayload = z.looseObject({
  version: z.literal('4', { error: 'Lifeboat reads version "4" of the Alertmanager webhook payload' }),
  status: z.enum(['firing', 'resolved']),
  alerts: Alerts(PrometheusStyleAlert),
});

/** Grafana alerting's webhook contact point payload (Alertmanager's shape, with Grafana's additions). */
export const GrafanaPayload = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  orgId: z.optional(z.int()),
  alerts: Alerts(PrometheusStyleAlert),
});

/**
 * Lifeboat's own shape, for anything else that can POST JSON:
 * `{ "id": "db-latency", "status": "firing", "labels": {...}, "summary": "...", "startsAt": "..." }`,
 * or `{ "alerts": [ ...those ] }`.
 */
const GenericAlert = z.strictObject({
  id: Key,
  status: z.enum(['firing', 'resolved']),
  labels: z._default(Labels, {}),
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  summary: z.optional(z.string().check(z.maxLength(1000))),
  startsAt: z.optional(Timestamp),
});
const GenericBatch = z.strictObject({ alerts: Alerts(GenericAlert) });

/** A CloudWatch alarm's state change, as the SNS notification's `Message` (a JSON string) holds it. */
export const CloudWatchAlarmMessage = z.looseObject({
  AlarmName: z.string().check(z.minLength(1), z.maxLength(255)),
  AlarmDescription: z.nullish(z.string().check(z.maxLength(1024))),
  AWSAccountId: z.string().check(z.regex(/^\d{12}$/)),
  NewStateValue: z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']),
  NewStateReason: z.nullish(z.string().check(z.maxLength(1024))),
  StateChangeTime: Timestamp,
  AlarmArn: z
    .string()
    .check(z.regex(/^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:\d{12}:alarm:.+$/, 'a CloudWatch alarm ARN')),
  Trigger: z.nullish(z.looseObject({ MetricName: z.nullish(z.string()), Namespace: z.nullish(z.string()) })),
});

const fromPrometheusStyle = (alerts: z.output<typeof PrometheusStyleAlert>[]): ReceivedAlert[] =>
  alerts.map((alert) => ({
    key: alert.fingerprint,
    status: alert.status,
    labels: alert.labels,
    name: alert.labels.alertname ?? alert.fingerprint,
    summary: alert.annotations.summary ?? alert.annotations.description ?? null,
    startsAt: alert.startsAt,
    endsAt: alert.status === 'resolved' ? (alert.endsAt ?? null) : null,
  }));

/** Reads a JSON payload of one integration (CloudWatch's comes through SNS: see `fromCloudWatchAlarm`). */
export function readAlerts(integration: Exclude<Integration, 'cloudwatch'>, body: unknown): ReceivedAlert[] {
  switch (integration) {
    case 'alertmanager':
      return fromPrometheusStyle(parseInput(AlertmanagerPayload, body).alerts);
    case 'grafana':
      return fromPrometheusStyle(parseInput(GrafanaPayload, body).alerts);
    case 'generic': {
      // One shape or the other, chosen by `alerts`, so a mistake is named field by field.
      const batch = typeof body === 'object' && body !== null && 'alerts' in body;
      return (batch ? parseInput(GenericBatch, body).alerts : [parseInput(GenericAlert, body)]).map((alert) => ({
        key: alert.id,
        status: alert.status,
        labels: { ...alert.labels, id: alert.id },
        name: alert.name ?? alert.id,
        summary: alert.summary ?? null,
        startsAt: alert.startsAt ?? null,
        endsAt: null,
      }));
    }
  }
}

/**
 * A CloudWatch alarm as an alert: ALARM fires, OK resolves; INSUFFICIENT_DATA says nothing about
 * the service (a metric stopped reporting), so it changes nothing.
 */
export function fromCloudWatchAlarm(messageText: string): ReceivedAlert[] {
  let message: unknown;
  try {
    message = JSON.parse(messageText);
  } catch {
    message = undefined;
  }
  const alarm = parseInput(CloudWatchAlarmMessage, message, 'Message');
  if (alarm.NewStateValue === 'INSUFFICIENT_DATA') return [];
  const region = alarm.AlarmArn.split(':')[3]!;
  const labels: Record<string, string> = { alarmName: alarm.AlarmName, region, accountId: alarm.AWSAccountId };
  if (alarm.Trigger?.Namespace) labels.namespace = alarm.Trigger.Namespace;
  if (alarm.Trigger?.MetricName) labels.metricName = alarm.Trigger.MetricName;
  const firing = alarm.NewStateValue === 'ALARM';
  return [
    {
      key: alarm.AlarmArn,
      status: firing ? 'firing' : 'resolved',
      labels,
      name: alarm.AlarmName,
      summary: alarm.NewStateReason ?? alarm.AlarmDescription ?? null,
      // An OK does not say when the alarm began, only when it ended.
      startsAt: firing ? alarm.StateChangeTime : null,
      endsAt: firing ? null : alarm.StateChangeTime,
    },
  ];
}
