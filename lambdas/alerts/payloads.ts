import { z } from 'zod';
import type { Integration } from '../core/integration';
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
const Labels = z.record(z.string().max(256), z.string().max(1024));
const Key = z.string().min(1).max(512);
const Timestamp = z
  .string()
  .max(64)
  .transform((text, ctx) => {
    // Alertmanager writes "0001-01-01T00:00:00Z" for "not set"; CloudWatch writes "+0000" offsets.
    const time = Date.parse(text.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
    if (Number.isNaN(time)) {
      ctx.addIssue({ code: 'custom', message: 'not a date and time (RFC 3339)' });
      return z.NEVER;
    }
    return time <= Date.parse('0001-01-02T00:00:00Z') ? null : new Date(time).toISOString();
  });

/** The alert inside an Alertmanager (webhook version 4) or Grafana payload: the same shape. */
const PrometheusStyleAlert = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: Labels,
  annotations: Labels.default({}),
  startsAt: Timestamp,
  endsAt: Timestamp.optional(),
  fingerprint: Key,
});

/** Alertmanager's webhook_config payload, version 4 (prometheus.io/docs/alerting/latest/configuration/#webhook_config). */
export const AlertmanagerPayload = z.looseObject({
  version: z.literal('4', { error: 'Lifeboat reads version "4" of the Alertmanager webhook payload' }),
  status: z.enum(['firing', 'resolved']),
  alerts: z.array(PrometheusStyleAlert).min(1).max(MAX_ALERTS),
});

/** Grafana alerting's webhook contact point payload (Alertmanager's shape, with Grafana's additions). */
export const GrafanaPayload = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  orgId: z.number().int().optional(),
  alerts: z.array(PrometheusStyleAlert).min(1).max(MAX_ALERTS),
});

/**
 * Lifeboat's own shape, for anything else that can POST JSON:
 * `{ "id": "db-latency", "status": "firing", "labels": {...}, "summary": "...", "startsAt": "..." }`,
 * or `{ "alerts": [ ...those ] }`.
 */
const GenericAlert = z.strictObject({
  id: Key,
  status: z.enum(['firing', 'resolved']),
  labels: Labels.default({}),
  name: z.string().min(1).max(200).optional(),
  summary: z.string().max(1000).optional(),
  startsAt: Timestamp.optional(),
});
const GenericBatch = z.strictObject({ alerts: z.array(GenericAlert).min(1).max(MAX_ALERTS) });

/** A CloudWatch alarm's state change, as the SNS notification's `Message` (a JSON string) holds it. */
export const CloudWatchAlarmMessage = z.looseObject({
  AlarmName: z.string().min(1).max(255),
  AlarmDescription: z.string().max(1024).nullish(),
  AWSAccountId: z.string().regex(/^\d{12}$/),
  NewStateValue: z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']),
  NewStateReason: z.string().max(1024).nullish(),
  StateChangeTime: Timestamp,
  AlarmArn: z.string().regex(/^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:\d{12}:alarm:.+$/, 'a CloudWatch alarm ARN'),
  Trigger: z.looseObject({ MetricName: z.string().nullish(), Namespace: z.string().nullish() }).nullish(),
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
