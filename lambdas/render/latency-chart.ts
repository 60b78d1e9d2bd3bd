import type { ProbeHistory } from '../core/probes/probe-samples';
import { html, type SafeHtml, trusted } from './html';
import type { Locale } from './i18n';

/** The chart's few words, per locale (kept here, beside the only markup that uses them). */
const WORDS: Record<Locale, { caption: (day: string, quarter: string) => string; noData: string }> = {
  en: { caption: (day, quarter) => `Response time, 24 h: ${day} · 90 days: ${quarter}`, noData: 'no data' },
  fr: {
    caption: (day, quarter) => `Temps de réponse, 24 h : ${day} · 90 jours : ${quarter}`,
    noData: 'pas de données',
  },
};

/** Height of the drawing in user units: ten levels keep every step one digit. */
const LEVELS = 9;
/** Between the two series, in user units. */
const GAP = 3;
/** Days per point of the 90-day line: two keeps twenty charts within the page's weight budget. */
const DAYS_PER_POINT = 2;

/**
 * A component's response time as one small inline SVG, no script: the last 24 hours (hourly) on
 * the left, the last 90 days (two days a point) on the right, each scaled to its own maximum.
 * Points are relative moves on a ten-level grid, so a chart costs a few hundred bytes; hours or
 * days without data break the line. The figures are also written out beneath it, which is what
 * screen readers read (the drawing itself is hidden from them).
 */
export function latencyChart(locale: Locale, history: ProbeHistory): SafeHtml {
  const words = WORDS[locale];
  const quarterPoints = buckets(history.daily, DAYS_PER_POINT);
  const width = history.hourly.length + GAP + quarterPoints.length;
  const d = path(history.hourly, 0) + path(quarterPoints, history.hourly.length + GAP);
  const caption = words.caption(
    summary(history.hourly, locale, words.noData),
    summary(history.daily, locale, words.noData),
  );
  return html`<svg class="lat" viewBox="0 -1 ${width - 1} ${LEVELS + 2}" preserveAspectRatio="none" aria-hidden="true"><path d="${trusted(d)}"/></svg>
<div class="scale">${caption}</div>`;
}

/** Means of `size` consecutive values (of those with data), the last bucket ending with the series. */
function buckets(series: readonly (number | null)[], size: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let end = series.length; end > 0; end -= size) {
    const values = series.slice(Math.max(0, end - size), end).filter((v): v is number => v !== null);
    out.unshift(values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
  }
  return out;
}

/** `avg 120 ms, max 340 ms` of the points with data. */
function summary(series: readonly (number | null)[], locale: Locale, noData: string): string {
  const values = series.filter((v): v is number => v !== null);
  if (!values.length) return noData;
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return locale === 'fr'
    ? `moy. ${format.format(mean)} ms, max ${format.format(Math.max(...values))} ms`
    : `avg ${format.format(mean)} ms, max ${format.format(Math.max(...values))} ms`;
}

/** `M x y` at each run's start, then `l1 dy` steps; y grows downwards, so slower is higher. */
function path(series: readonly (number | null)[], x0: number): string {
  const max = Math.max(1, ...series.filter((v): v is number => v !== null));
  let d = '';
  let last: number | null = null;
  series.forEach((value, i) => {
    if (value === null) {
      last = null;
      return;
    }
    const y = LEVELS - Math.round((value / max) * LEVELS);
    if (last === null) d += `M${x0 + i} ${y}${series[i + 1] == null ? 'h.5' : 'l'}`;
    else d += `${d.endsWith('l') ? '' : ' '}1${y - last < 0 ? '' : ' '}${y - last}`;
    last = y;
  });
  return d;
}
