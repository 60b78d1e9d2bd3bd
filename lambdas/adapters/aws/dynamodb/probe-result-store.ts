import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ProbeResultStore, ProbeSeries } from '../../../core/probes/ports';
import {
  DAY_MS,
  dayKey,
  HOUR_MS,
  type HourAggregate,
  type HourAggregates,
  hourKey,
  MINUTE_MS,
  packAggregate,
  unpackAggregate,
} from '../../../core/probes/probe-samples';
import { queryAll } from './client';

/** Hour items outlive the 24-hour window the evaluator and the chart read, with a margin. */
const HOUR_ITEM_TTL_MS = 26 * HOUR_MS;
/** Day items keep the 90-day chart and uptime whole. */
const DAY_ITEM_TTL_MS = 92 * DAY_MS;

/** Every probe item's partition starts with this, which is all a probe region's role may write. */
export const PROBE_KEY_PREFIX = 'PROBE#';

const pk = (series: ProbeSeries) => `${PROBE_KEY_PREFIX}${series.checkId}#${series.region}`;
const two = (n: number) => String(n).padStart(2, '0');

/**
 * Probe results in the single table, one partition per check and region: `H#<hour>` items hold
 * the hour's samples as attributes `m00`…`m59` (one number each), `D#<day>` items hold each hour's
 * sums as `h00`…`h23` (four numbers). Writes set attributes, so a retried run changes nothing.
 */
export class DynamoDbProbeResultStore implements ProbeResultStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putSample(series: ProbeSeries, minute: number, value: number): Promise<number[]> {
    const hourStart = Math.floor(minute / HOUR_MS) * HOUR_MS;
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: pk(series), sk: `H#${hourKey(minute)}` },
        UpdateExpression: 'SET #m = :v, expiresAt = :exp',
        ExpressionAttributeNames: { '#m': `m${two(new Date(minute).getUTCMinutes())}` },
        ExpressionAttributeValues: { ':v': value, ':exp': Math.floor((hourStart + HOUR_ITEM_TTL_MS) / 1000) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Object.entries(Attributes ?? {})
      .filter(([name]) => /^m\d\d$/.test(name))
      .map(([, v]) => v as number);
  }

  async putHourAggregate(series: ProbeSeries, hourStart: number, aggregate: HourAggregate): Promise<void> {
    const dayStart = Math.floor(hourStart / DAY_MS) * DAY_MS;
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: pk(series), sk: `D#${dayKey(hourStart)}` },
        UpdateExpression: 'SET #h = :agg, expiresAt = :exp',
        ExpressionAttributeNames: { '#h': `h${two(new Date(hourStart).getUTCHours())}` },
        ExpressionAttributeValues: {
          ':agg': packAggregate(aggregate),
          ':exp': Math.floor((dayStart + DAY_ITEM_TTL_MS) / 1000),
        },
      }),
    );
  }

  async samples(series: ProbeSeries, from: number, to: number): Promise<Map<number, number>> {
    const items = await this.range(series, `H#${hourKey(from)}`, `H#${hourKey(to)}`);
    const samples = new Map<number, number>();
    for (const item of items) {
      const hourStart = Date.parse(`${(item.sk as string).slice(2)}:00:00Z`);
      for (const [name, value] of Object.entries(item)) {
        if (!/^m\d\d$/.test(name)) continue;
        const minute = hourStart + Number(name.slice(1)) * MINUTE_MS;
        if (minute >= from && minute <= to) samples.set(minute, value as number);
      }
    }
    return samples;
  }

  async hourAggregates(series: ProbeSeries, from: number, to: number): Promise<HourAggregates> {
    const items = await this.range(series, `D#${dayKey(from)}`, `D#${dayKey(to)}`);
    const hours: HourAggregates = new Map();
    for (const item of items) {
      const dayStart = Date.parse(`${(item.sk as string).slice(2)}T00:00:00Z`);
      for (const [name, value] of Object.entries(item)) {
        if (/^h\d\d$/.test(name))
          hours.set(dayStart + Number(name.slice(1)) * HOUR_MS, unpackAggregate(value as number[]));
      }
    }
    return hours;
  }

  private range(series: ProbeSeries, first: string, last: string) {
    return queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
      ExpressionAttributeValues: { ':pk': pk(series), ':first': first, ':last': last },
    });
  }
}
