import type { ProbeCheck } from './probe-config';
import type { HourAggregate, HourAggregates } from './probe-samples';

/** One check as seen from one region: the unit results are stored by. */
export interface ProbeSeries {
  checkId: string;
  region: string;
}

/** Where probe results are kept: minute samples by hour (a day's TTL), hour sums by day (90 days). */
export interface ProbeResultStore {
  /** Sets one run's sample (idempotent per minute); resolves with every sample of that hour so far. */
  putSample(series: ProbeSeries, minute: number, value: number): Promise<number[]>;
  /** Sets one hour's sums on its day (idempotent). */
  putHourAggregate(series: ProbeSeries, hourStart: number, aggregate: HourAggregate): Promise<void>;
  /** Samples by minute start (epoch ms), for minutes from `from` through `to`. */
  samples(series: ProbeSeries, from: number, to: number): Promise<Map<number, number>>;
  /** Hour sums by hour start (epoch ms), for the UTC days from `from` through `to`. */
  hourAggregates(series: ProbeSeries, from: number, to: number): Promise<HourAggregates>;
}

/**
 * What the network said, with no judgement: the adapter does the I/O (with the check's timeout),
 * the core decides whether it counts as up.
 */
export type Observation =
  | { kind: 'http'; status: number; body: string; ms: number }
  | { kind: 'tcp'; ms: number }
  | { kind: 'dns'; addresses: string[]; ms: number }
  | { kind: 'error'; error: string; ms: number };

export interface Prober {
  observe(check: ProbeCheck): Promise<Observation>;
}
