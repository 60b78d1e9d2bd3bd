/**
 * How probe results are kept small: a run's result is one number (its latency in ms, negated when
 * the check failed), the minutes of an hour live in one item, and each hour is summed into its
 * day's item as four numbers. Everything here is UTC.
 */

export interface ProbeResult {
  ok: boolean;
  /** How long the check took, success or not. */
  ms: number;
  /** Why it failed, for logs (never stored). */
  error?: string | undefined;
}

/** One number per result: the latency when up, `-1 - latency` when down. */
export const encodeSample = (result: ProbeResult): number => {
  const ms = Math.max(0, Math.round(result.ms));
  return result.ok ? ms : -1 - ms;
};

export const decodeSample = (value: number): { ok: boolean; ms: number } =>
  value >= 0 ? { ok: true, ms: value } : { ok: false, ms: -1 - value };

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The start of the minute an instant falls in: a run's identity, so a retried run overwrites itself. */
export const minuteOf = (at: Date | number): number => Math.floor(new Date(at).getTime() / MINUTE_MS) * MINUTE_MS;

/** `YYYY-MM-DDTHH` of the hour an instant falls in. */
export const hourKey = (at: number): string => new Date(at).toISOString().slice(0, 13);
/** `YYYY-MM-DD` (UTC). */
export const dayKey = (at: number): string => new Date(at).toISOString().slice(0, 10);

/** One hour of one check from one region: how many runs, how many were up, and their latencies. */
export interface HourAggregate {
  count: number;
  up: number;
  /** Sum and maximum of the latencies of the runs that were up. */
  sumMs: number;
  maxMs: number;
}

export const EMPTY_AGGREGATE: HourAggregate = { count: 0, up: 0, sumMs: 0, maxMs: 0 };

/** Sums the samples of an hour (any iterable of encoded samples). */
export function aggregateSamples(samples: Iterable<number>): HourAggregate {
  const total = { ...EMPTY_AGGREGATE };
  for (const value of samples) {
    const { ok, ms } = decodeSample(value);
    total.count++;
    if (!ok) continue;
    total.up++;
    total.sumMs += ms;
    total.maxMs = Math.max(total.maxMs, ms);
  }
  return total;
}

export function mergeAggregates(aggregates: Iterable<HourAggregate>): HourAggregate {
  const total = { ...EMPTY_AGGREGATE };
  for (const a of aggregates) {
    total.count += a.count;
    total.up += a.up;
    total.sumMs += a.sumMs;
    total.maxMs = Math.max(total.maxMs, a.maxMs);
  }
  return total;
}

/** Mean latency of the runs that were up, or null when none was. */
export const meanLatency = (a: HourAggregate): number | null => (a.up > 0 ? a.sumMs / a.up : null);

/** The four numbers a day item keeps per hour. */
export const packAggregate = (a: HourAggregate): [number, number, number, number] => [a.count, a.up, a.sumMs, a.maxMs];
export const unpackAggregate = ([count = 0, up = 0, sumMs = 0, maxMs = 0]: readonly number[]): HourAggregate => ({
  count,
  up,
  sumMs,
  maxMs,
});

/** What the page draws for a component with probes. */
export interface ProbeHistory {
  /** Mean latency (ms) per hour, oldest first, the last being the current hour; null without data. */
  hourly: (number | null)[];
  /** Mean latency (ms) per UTC day, oldest first, the last being today. */
  daily: (number | null)[];
  /** Share of runs that were up over the daily window, 0-100; null without data. */
  uptimePercent: number | null;
}

/** Hour aggregates of one check and region, by hour start (epoch ms). */
export type HourAggregates = Map<number, HourAggregate>;

/**
 * Folds every region's and check's hour aggregates of a component into the page's series: `hours`
 * hourly points and `days` daily points ending at `now`.
 */
export function probeHistory(sources: readonly HourAggregates[], now: number, hours = 24, days = 90): ProbeHistory {
  const byHour = new Map<number, HourAggregate[]>();
  for (const source of sources) {
    for (const [start, aggregate] of source) {
      const list = byHour.get(start);
      if (list) list.push(aggregate);
      else byHour.set(start, [aggregate]);
    }
  }
  const thisHour = Math.floor(now / HOUR_MS) * HOUR_MS;
  const hourly = Array.from({ length: hours }, (_, i) => {
    const list = byHour.get(thisHour - (hours - 1 - i) * HOUR_MS);
    return list ? meanLatency(mergeAggregates(list)) : null;
  });
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const firstDay = today - (days - 1) * DAY_MS;
  const perDay = Array.from({ length: days }, () => [] as HourAggregate[]);
  for (const [start, list] of byHour) {
    if (start < firstDay || start >= today + DAY_MS) continue;
    perDay[Math.floor((start - firstDay) / DAY_MS)]!.push(...list);
  }
  const dayTotals = perDay.map((list) => mergeAggregates(list));
  const all = mergeAggregates(dayTotals);
  return {
    hourly,
    daily: dayTotals.map(meanLatency),
    uptimePercent: all.count > 0 ? (100 * all.up) / all.count : null,
  };
}
