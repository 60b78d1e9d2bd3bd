import { type ComponentStatus, worstStatus } from '../core/component';
import type { Incident } from '../core/incident';
import { addDays, dayKey, startOfDay } from './time';

/** How much of an interval counts as down, as Statuspage weighs it. */
const DOWNTIME_WEIGHT: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 0,
  degraded_performance: 0,
  partial_outage: 0.3,
  major_outage: 1,
};

export interface UptimeDay {
  day: string;
  /** The worst status of the day, or no_data before the component existed. */
  status: ComponentStatus | 'no_data';
}

export interface ComponentUptime {
  days: UptimeDay[];
  /** Over the days with data, 0-100; null when there are none. */
  percent: number | null;
}

interface Change {
  at: number;
  status: ComponentStatus;
}

/**
 * Uptime per component over the last N days of the page's time zone, computed from incident
 * history alone: every update records each component's effective status after it, so merging
 * those records in time order gives each component's status timeline.
 */
export class UptimeCalculator {
  private readonly timelines = new Map<string, Change[]>();
  private readonly dayStarts: number[];
  private readonly dayKeys: string[];

  constructor(
    incidents: readonly Incident[],
    timeZone: string,
    private readonly now: number,
    readonly days = 90,
  ) {
    for (const incident of incidents) {
      for (const update of incident.updates) {
        for (const change of update.componentChanges) {
          let timeline = this.timelines.get(change.componentId);
          if (!timeline) {
            timeline = [];
            this.timelines.set(change.componentId, timeline);
          }
          timeline.push({ at: Date.parse(update.createdAt), status: change.to });
        }
      }
    }
    for (const timeline of this.timelines.values()) timeline.sort((a, b) => a.at - b.at);

    const today = dayKey(now, timeZone);
    this.dayKeys = Array.from({ length: days }, (_, i) => addDays(today, i - days + 1));
    this.dayStarts = [...this.dayKeys, addDays(today, 1)].map((day) => startOfDay(day, timeZone));
  }

  /** `since` is the first day (YYYY-MM-DD) the component counts from. */
  forComponent(componentId: string, since: string): ComponentUptime {
    const n = this.days;
    const worst: ComponentStatus[][] = Array.from({ length: n }, () => []);
    const downtime = new Array<number>(n).fill(0);
    const timeline = this.timelines.get(componentId) ?? [];
    const windowStart = this.dayStarts[0]!;

    for (let i = 0; i < timeline.length; i++) {
      const { at, status } = timeline[i]!;
      const from = Math.max(at, windowStart);
      const to = Math.min(timeline[i + 1]?.at ?? this.now, this.now);
      if (status === 'operational' || to <= from) continue;
      for (let d = this.dayIndex(from); d < n && this.dayStarts[d]! < to; d++) {
        const overlap = Math.min(to, this.dayStarts[d + 1]!) - Math.max(from, this.dayStarts[d]!);
        if (overlap <= 0) continue;
        worst[d]!.push(status);
        downtime[d]! += overlap * DOWNTIME_WEIGHT[status];
      }
    }

    let counted = 0;
    let down = 0;
    const days = this.dayKeys.map<UptimeDay>((day, d) => {
      if (day < since) return { day, status: 'no_data' };
      counted += Math.min(this.now, this.dayStarts[d + 1]!) - this.dayStarts[d]!;
      down += downtime[d]!;
      return { day, status: worstStatus(worst[d]!) };
    });
    return { days, percent: counted > 0 ? Math.max(0, 100 * (1 - down / counted)) : null };
  }

  private dayIndex(instant: number): number {
    let lo = 0;
    let hi = this.days - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.dayStarts[mid]! <= instant) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Two decimals, rounded down, so a single bad minute never shows as 100.00. */
/** Number formats by locale: building one costs far more than using it, and a page uses it per component. */
const percentFormats = new Map<string, Intl.NumberFormat>();

export function formatPercent(percent: number, locale: string): string {
  let format = percentFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    percentFormats.set(locale, format);
  }
  return format.format(Math.floor(percent * 100) / 100);
}
