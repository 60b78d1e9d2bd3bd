/**
 * Time as a visitor reads it: in the page's time zone and locale. Formatters are cached, since
 * building one is far slower than using it, and so are the strings they make: a render formats
 * the same few thousand instants on several pages each, and formatting was most of its time.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

/** `kind` names the options: each kind is always built with the same ones. */
function formatter(
  kind: string,
  locale: string,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${kind}|${locale}|${timeZone}`;
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    cache.set(key, found);
  }
  return found;
}

/** Results by key, forgotten all at once past a bound so a long-lived process does not grow. */
function memo<T>(compute: (key: string) => T, bound = 50_000): (key: string) => T {
  const results = new Map<string, T>();
  return (key) => {
    let found = results.get(key);
    if (found === undefined) {
      if (results.size >= bound) results.clear();
      found = compute(key);
      results.set(key, found);
    }
    return found;
  };
}

/** Offsets, and so days, change only at whole quarter hours (DST and zone changes fall on :00, :15, :30 or :45). */
const QUARTER_HOUR_MS = 15 * 60_000;

const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};
const dateTimes = memo((key) => {
  const [locale, timeZone, iso] = key.split('|') as [string, string, string];
  return formatter('dateTime', locale, timeZone, DATE_TIME).format(new Date(iso));
});

export interface Clockface {
  locale: string;
  timeZone: string;
}

/** "Nov 21, 2026, 11:04 PM CET" / "21 nov. 2026, 23:04 UTC+1" */
export const dateTime = (iso: string, f: Clockface): string => dateTimes(`${f.locale}|${f.timeZone}|${iso}`);

/** "Nov 21, 2026" */
export const date = (iso: string | Date, f: Clockface): string =>
  formatter('date', f.locale, f.timeZone, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso));

/** "November 2026" */
export const monthName = (iso: string | Date, f: Clockface): string =>
  formatter('month', f.locale, f.timeZone, { year: 'numeric', month: 'long' }).format(new Date(iso));

/** The calendar day of an instant in the zone, as YYYY-MM-DD (days, too, start on a quarter hour). */
export const dayKey = (instant: number | string | Date, timeZone: string): string =>
  dayKeys(`${timeZone}|${Math.floor(new Date(instant).getTime() / QUARTER_HOUR_MS)}`);
const dayKeys = memo((key) => {
  const [timeZone, quarter] = key.split('|') as [string, string];
  return formatter('day', 'en-CA', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Number(quarter) * QUARTER_HOUR_MS),
  );
});

const offsets = memo((key) => {
  const [timeZone, quarter] = key.split('|') as [string, string];
  return measureOffset(Number(quarter) * QUARTER_HOUR_MS, timeZone);
});

/** The offset of the zone from UTC at an instant, in minutes (e.g. 60 for Paris in winter). */
export function offsetMinutes(instant: number, timeZone: string): number {
  return offsets(`${timeZone}|${Math.floor(instant / QUARTER_HOUR_MS)}`);
}

function measureOffset(instant: number, timeZone: string): number {
  const parts = formatter('parts', 'en-US', timeZone, {
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** The instant a calendar day (YYYY-MM-DD) starts in the zone. */
export function startOfDay(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  // Two passes settle the offset across a DST change.
  let instant = utcMidnight - offsetMinutes(utcMidnight, timeZone) * 60_000;
  instant = utcMidnight - offsetMinutes(instant, timeZone) * 60_000;
  return instant;
}

/** ISO 8601 with the zone's numeric offset, as Statuspage writes timestamps: 2026-11-21T23:04:41.570+01:00 */
export function isoWithOffset(iso: string, timeZone: string): string {
  const instant = Date.parse(iso);
  const offset = offsetMinutes(instant, timeZone);
  const local = new Date(instant + offset * 60_000).toISOString().slice(0, -1);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The calendar day before or after, as YYYY-MM-DD. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
