import { describe, expect, it } from 'vitest';
import type { ProbeHistory } from '../../lambdas/core/probes/probe-samples';
import { renderSite } from '../../lambdas/render/render-site';
import { statuspageApi } from '../../lambdas/render/statuspage-json';
import { seededRandom } from '../support/random';
import { fileOf, History, siteConfig } from '../support/site-fixtures';

/** A noisy but full history: every hour and day has a latency, as a busy check's would. */
function fullHistory(seed: number): ProbeHistory {
  const random = seededRandom(seed);
  const latency = () => 40 + random.int(900);
  return {
    hourly: Array.from({ length: 24 }, latency),
    daily: Array.from({ length: 90 }, latency),
    uptimePercent: 99.5 + random.next() / 2,
  };
}

describe('the status page with probe charts', () => {
  it('stays within 30 KB with 20 components, every one with 24 h and 90 days of probe data, and an active incident', () => {
    const history = new History(siteConfig({ components: 20 }));
    const incident = history.declare(
      '2026-11-21T09:00:00Z',
      'Elevated errors on the API',
      'major',
      { c1: 'major_outage' },
      'We are investigating reports of errors on this component.',
    );
    history.update(
      incident.id,
      '2026-11-21T09:30:00Z',
      'identified',
      'The cause is a failed database node; traffic is moving to a replica.',
    );
    const probes = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`c${i}`, fullHistory(i + 1)]));
    const index = fileOf(renderSite(history.state({ probes })), 'index.html');
    expect(index.match(/<svg class="lat"/g)).toHaveLength(20);
    expect(Buffer.byteLength(index)).toBeLessThanOrEqual(30 * 1024);
  });

  it('draws the latency history, says it in words, and shows the uptime the probes measured', () => {
    const history = new History(siteConfig({ components: 2 }));
    const hourly = Array.from({ length: 24 }, (_, i) => (i < 20 ? 100 : i === 23 ? null : 900));
    const probes = {
      c0: { hourly, daily: Array.from({ length: 90 }, (_, i) => (i < 80 ? null : 120)), uptimePercent: 97.25 },
    };
    const index = fileOf(renderSite(history.state({ probes })), 'index.html');
    const chart = index.match(/<svg class="lat"[^>]*><path d="([^"]*)"\/><\/svg>\s*<div class="scale">([^<]*)<\/div>/);
    // Twenty fast hours at the bottom, then a jump to the top; the empty last hour ends the line.
    // The 90 days start after a gap, two days a point: the last ten days are five points.
    expect(chart?.[1]).toBe(
      'M0 8l1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1-8 1 0 1 0M67 0l1 0 1 0 1 0 1 0',
    );
    expect(chart?.[2]).toBe('Response time, 24 h: avg 204 ms, max 900 ms · 90 days: avg 120 ms, max 120 ms');
    expect(index).toContain('97.25% uptime');
    // The component without probes keeps the uptime of its incident history and has no chart.
    expect(index.match(/<svg class="lat"/g)).toHaveLength(1);
  });

  it('leaves the Statuspage JSON exactly as it was', () => {
    const history = new History(siteConfig({ components: 3 }));
    history.declare('2026-11-21T09:00:00Z', 'Errors', 'minor', { c1: 'partial_outage' });
    const without = statuspageApi(history.state());
    const withProbes = statuspageApi(history.state({ probes: { c0: fullHistory(1), c1: fullHistory(2) } }));
    expect(JSON.stringify(withProbes)).toBe(JSON.stringify(without));
    expect(Object.keys(withProbes['api/v2/components.json'] as object)).toEqual(['page', 'components']);
  });
});
