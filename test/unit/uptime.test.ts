import { describe, expect, it } from 'vitest';
import { formatPercent, UptimeCalculator } from '../../lambdas/render/uptime';
import { History, siteConfig } from '../support/site-fixtures';

const DAY = 86_400_000;

describe('uptime from incident history', () => {
  it('counts a major outage fully and a partial outage at 30%, over the days with data', () => {
    const history = new History(siteConfig());
    const a = history.declare('2026-11-20T10:00:00Z', 'down', 'critical', { c0: 'major_outage' });
    history.resolve(a.id, '2026-11-20T11:00:00Z');
    const b = history.declare('2026-11-19T10:00:00Z', 'partly', 'major', { c0: 'partial_outage' });
    history.resolve(b.id, '2026-11-19T20:00:00Z');
    const now = Date.parse('2026-11-21T23:00:00Z'); // midnight in Paris: the 22nd has just begun
    const uptime = new UptimeCalculator(history.incidents, 'Europe/Paris', now).forComponent('c0', '2026-01-01');
    const downtime = 1 * 3_600_000 + 0.3 * 10 * 3_600_000;
    // From the first day's Paris midnight (still summer time, UTC+2) to now: 89 days and the
    // extra hour of the night summer time ended.
    const elapsed = now - Date.parse('2026-08-24T22:00:00Z');
    expect(elapsed).toBe(89 * DAY + 3_600_000);
    expect(uptime.percent).toBeCloseTo(100 * (1 - downtime / elapsed), 6);
    const byDay = Object.fromEntries(uptime.days.map((d) => [d.day, d.status]));
    expect(byDay['2026-11-20']).toBe('major_outage');
    expect(byDay['2026-11-19']).toBe('partial_outage');
    expect(byDay['2026-11-21']).toBe('operational');
    expect(uptime.days.at(-1)!.day).toBe('2026-11-22');
  });

  it('splits an outage across midnight in the page time zone', () => {
    const history = new History(siteConfig());
    // 22:30 to 01:30 in Paris (UTC+1): two days.
    const a = history.declare('2026-11-19T21:30:00Z', 'night', 'major', { c1: 'degraded_performance' });
    history.resolve(a.id, '2026-11-20T00:30:00Z');
    const days = new UptimeCalculator(
      history.incidents,
      'Europe/Paris',
      Date.parse('2026-11-21T12:00:00Z'),
    ).forComponent('c1', '2026-01-01').days;
    const bad = days.filter((d) => d.status !== 'operational').map((d) => d.day);
    expect(bad).toEqual(['2026-11-19', '2026-11-20']);
    const inUtc = new UptimeCalculator(history.incidents, 'UTC', Date.parse('2026-11-21T12:00:00Z')).forComponent(
      'c1',
      '2026-01-01',
    ).days;
    expect(inUtc.filter((d) => d.status !== 'operational').map((d) => d.day)).toEqual(['2026-11-19', '2026-11-20']);
    const inTokyo = new UptimeCalculator(
      history.incidents,
      'Asia/Tokyo',
      Date.parse('2026-11-21T12:00:00Z'),
    ).forComponent('c1', '2026-01-01').days;
    expect(inTokyo.filter((d) => d.status !== 'operational').map((d) => d.day)).toEqual(['2026-11-20']);
  });

  it('counts an open incident up to now, and shows days before the start date as no data', () => {
    const history = new History(siteConfig());
    history.declare('2026-11-21T11:00:00Z', 'ongoing', 'critical', { c2: 'major_outage' });
    const uptime = new UptimeCalculator(history.incidents, 'UTC', Date.parse('2026-11-21T12:00:00Z')).forComponent(
      'c2',
      '2026-11-20',
    );
    expect(uptime.days.filter((d) => d.status === 'no_data')).toHaveLength(88);
    expect(uptime.days.at(-1)!.status).toBe('major_outage');
    // 1 hour down out of 36 hours with data.
    expect(uptime.percent).toBeCloseTo(100 * (1 - 1 / 36), 6);
  });

  it('has no percentage for a component with no data yet', () => {
    const uptime = new UptimeCalculator([], 'UTC', Date.parse('2026-11-21T12:00:00Z')).forComponent('c0', '2026-12-01');
    expect(uptime.percent).toBeNull();
  });

  it('rounds down, so a bad minute never shows 100.00', () => {
    expect(formatPercent(99.99999, 'en')).toBe('99.99');
    expect(formatPercent(100, 'en')).toBe('100.00');
    expect(formatPercent(99.5, 'fr')).toBe('99,50');
  });
});
