import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../lambdas/core/audit';
import type { ComponentRecord, ComponentStatus } from '../../lambdas/core/component';
import { ComponentSignals } from '../../lambdas/core/component-signals';
import { effectiveStatus } from '../../lambdas/core/component-status';
import { parseConfig } from '../../lambdas/core/config';
import type { ComponentStore, IncidentStore } from '../../lambdas/core/ports';
import type { ProbeResultStore, ProbeSeries } from '../../lambdas/core/probes/ports';
import { probeTarget, runVerdict, worstVerdict } from '../../lambdas/core/probes/probe-quorum';
import { judge } from '../../lambdas/core/probes/probe-runner';
import {
  aggregateSamples,
  decodeSample,
  encodeSample,
  HOUR_MS,
  type HourAggregates,
  MINUTE_MS,
  mergeAggregates,
  probeHistory,
} from '../../lambdas/core/probes/probe-samples';
import { ProbeStatusService } from '../../lambdas/core/probes/probe-status';
import { readStatusContext } from '../../lambdas/core/status-context';

const up = (ms: number) => encodeSample({ ok: true, ms });
const down = (ms = 5000) => encodeSample({ ok: false, ms });
const thresholds = { failuresToDegrade: 2, failuresToDown: 3, successesToRecover: 2 };

describe('quorum over regions', () => {
  it('calls a run down only when a quorum of regions saw it fail', () => {
    expect(runVerdict([down(), up(80), up(90)], 2)).toBe('up');
    expect(runVerdict([down(), down(), up(90)], 2)).toBe('down');
    // A region that did not report is no vote either way.
    expect(runVerdict([down(), undefined, up(90)], 2)).toBe('unknown');
    expect(runVerdict([down(), undefined, down()], 2)).toBe('down');
  });

  it('counts slow successes towards degraded, never towards down', () => {
    expect(runVerdict([up(900), up(900), up(50)], 2, 500)).toBe('degraded');
    expect(runVerdict([up(900), down(), up(50)], 2, 500)).toBe('degraded');
    expect(runVerdict([up(900), up(50), up(50)], 2, 500)).toBe('up');
  });

  it('takes the worst check of a component, an unknown run blocking recovery but failing nothing', () => {
    expect(worstVerdict(['up', 'down'])).toBe('down');
    expect(worstVerdict(['up', 'unknown'])).toBe('unknown');
    expect(worstVerdict(['unknown', 'degraded'])).toBe('degraded');
  });
});

describe('consecutive runs', () => {
  it('asks for degraded, then down, only after the configured runs in a row', () => {
    expect(probeTarget(['up', 'up', 'down'], thresholds)).toBeNull(); // one failure: not yet, and no longer recovered
    expect(probeTarget(['down', 'up', 'up'], thresholds)).toBe('operational');
    expect(probeTarget(['down', 'up', 'up'], { ...thresholds, successesToRecover: 3 })).toBeNull();
    expect(probeTarget(['up', 'down', 'down'], thresholds)).toBe('degraded_performance');
    expect(probeTarget(['down', 'down', 'down'], thresholds)).toBe('major_outage');
    expect(probeTarget(['down', 'degraded', 'down'], thresholds)).toBe('degraded_performance');
  });

  it('leaves the component alone when runs disagree or regions are silent', () => {
    expect(probeTarget(['down', 'up', 'unknown'], thresholds)).toBeNull();
    expect(probeTarget(['unknown', 'unknown', 'unknown'], thresholds)).toBeNull();
  });
});

describe('compact samples and aggregates', () => {
  it('keeps a result in one number', () => {
    expect(decodeSample(encodeSample({ ok: true, ms: 123.4 }))).toEqual({ ok: true, ms: 123 });
    expect(decodeSample(encodeSample({ ok: false, ms: 0 }))).toEqual({ ok: false, ms: 0 });
    expect(decodeSample(encodeSample({ ok: false, ms: 5000 }))).toEqual({ ok: false, ms: 5000 });
  });

  it('sums an hour, counting only the latency of successes', () => {
    expect(aggregateSamples([up(100), up(300), down(5000)])).toEqual({ count: 3, up: 2, sumMs: 400, maxMs: 300 });
    expect(mergeAggregates([aggregateSamples([up(100)]), aggregateSamples([down()])])).toEqual({
      count: 2,
      up: 1,
      sumMs: 100,
      maxMs: 100,
    });
  });

  it('folds regions and hours into hourly and daily means and an uptime', () => {
    const now = Date.parse('2026-11-23T10:30:00Z');
    const thisHour = Date.parse('2026-11-23T10:00:00Z');
    const eu: HourAggregates = new Map([
      [thisHour, aggregateSamples([up(100), up(100)])],
      [thisHour - 2 * HOUR_MS, aggregateSamples([down(), down()])],
      [Date.parse('2026-11-20T05:00:00Z'), aggregateSamples([up(400)])],
    ]);
    const us: HourAggregates = new Map([[thisHour, aggregateSamples([up(200), up(200)])]]);
    const history = probeHistory([eu, us], now);
    expect(history.hourly).toHaveLength(24);
    expect(history.hourly.at(-1)).toBe(150);
    expect(history.hourly.at(-2)).toBeNull();
    expect(history.hourly.at(-3)).toBeNull(); // down the whole hour: no latency to draw
    expect(history.daily).toHaveLength(90);
    expect(history.daily.at(-1)).toBe(150);
    expect(history.daily.at(-4)).toBe(400);
    expect(history.uptimePercent).toBeCloseTo((100 * 5) / 7);
    expect(probeHistory([], now).uptimePercent).toBeNull();
  });
});

describe('judging what the network said', () => {
  const config = parseConfig(
    {
      page: { name: 'P', url: 'https://status.p.example', timeZone: 'UTC' },
      components: [{ id: 'api', name: 'API' }],
      probes: {
        checks: [
          {
            id: 'h',
            component: 'api',
            type: 'http',
            url: 'https://api.p.example/health',
            expectStatus: [204],
            bodyContains: 'pass',
            timeoutMs: 1000,
          },
          { id: 'd', component: 'api', type: 'dns', hostname: 'api.p.example', expectAddresses: ['192.0.2.1'] },
        ],
      },
    },
    'test',
  );
  const [http, dns] = config.probes!.checks;

  it('holds HTTP answers to the expected status, body and timeout', () => {
    expect(judge(http!, { kind: 'http', status: 204, body: 'all pass', ms: 40 }).ok).toBe(true);
    expect(judge(http!, { kind: 'http', status: 200, body: 'all pass', ms: 40 })).toMatchObject({
      ok: false,
      error: 'HTTP 200',
    });
    expect(judge(http!, { kind: 'http', status: 204, body: 'fail', ms: 40 }).ok).toBe(false);
    expect(judge(http!, { kind: 'http', status: 204, body: 'pass', ms: 1500 }).ok).toBe(false);
    expect(judge(http!, { kind: 'error', error: 'ECONNREFUSED', ms: 2 })).toMatchObject({
      ok: false,
      error: 'ECONNREFUSED',
    });
  });

  it('holds DNS answers to the expected addresses', () => {
    expect(judge(dns!, { kind: 'dns', addresses: ['192.0.2.9', '192.0.2.1'], ms: 5 }).ok).toBe(true);
    expect(judge(dns!, { kind: 'dns', addresses: ['198.51.100.7'], ms: 5 }).ok).toBe(false);
    expect(judge(dns!, { kind: 'dns', addresses: [], ms: 5 }).ok).toBe(false);
  });

  it('refuses a config whose check names an unknown component, or a quorum above the regions', () => {
    const base = {
      page: { name: 'P', url: 'https://status.p.example', timeZone: 'UTC' },
      components: [{ id: 'api', name: 'API' }],
    };
    expect(() =>
      parseConfig(
        { ...base, probes: { checks: [{ id: 'x', component: 'apj', type: 'tcp', host: 'h', port: 1 }] } },
        'test',
      ),
    ).toThrow(/probes\.checks\.0\.component: unknown component "apj"/);
    expect(() => parseConfig({ ...base, probes: { regions: ['eu-west-1'], quorum: 2 } }, 'test')).toThrow(
      /probes\.quorum/,
    );
    expect(parseConfig({ ...base, probes: { regions: ['a', 'b', 'c'] } }, 'test').probes?.quorum).toBe(2);
  });
});

describe('probe results into component status', () => {
  const config = parseConfig(
    {
      page: { name: 'P', url: 'https://status.p.example', timeZone: 'UTC' },
      components: [{ id: 'api', name: 'API' }],
      probes: {
        regions: ['a', 'b', 'c'],
        ...thresholds,
        checks: [{ id: 'api-tcp', component: 'api', type: 'tcp', host: 'api', port: 443 }],
      },
    },
    'test',
  );
  const t0 = Date.parse('2026-11-23T10:00:00Z');

  /** The real component signals over in-memory stores; only the probe results are faked. */
  function harness(baseline: ComponentStatus = 'operational') {
    const samples = new Map<string, Map<number, number>>();
    const records = new Map<string, ComponentRecord>([
      ['api', { id: 'api', baselineStatus: baseline, createdAt: '', updatedAt: '', version: 1 }],
    ]);
    const components: ComponentStore = {
      list: async () => [...records.values()],
      get: async (id) => records.get(id),
      ensure: async () => {},
      save: async (record) => void records.set(record.id, structuredClone(record)),
    };
    const incidents = { listOpen: async () => [] } as unknown as IncidentStore;
    const audit: AuditEntry[] = [];
    const clock = { now: () => new Date(t0 + 10 * MINUTE_MS) };
    const signals = new ComponentSignals({
      config,
      incidents,
      components,
      audit: { record: async (entries) => void audit.push(...entries), listDay: async () => [] },
      clock,
    });
    const results: Pick<ProbeResultStore, 'samples'> = {
      samples: async (series: ProbeSeries, from: number, to: number) =>
        new Map([...(samples.get(series.region) ?? [])].filter(([m]) => m >= from && m <= to)),
    };
    const service = new ProbeStatusService({
      config,
      results: results as ProbeResultStore,
      componentRecords: components,
      signals,
      clock,
    });
    /** One run: each region's sample (undefined: the region did not report). */
    const run = (minute: number, a?: number, b?: number, c?: number) => {
      for (const [region, value] of [
        ['a', a],
        ['b', b],
        ['c', c],
      ] as const) {
        if (value === undefined) continue;
        if (!samples.has(region)) samples.set(region, new Map());
        samples.get(region)!.set(t0 + minute * MINUTE_MS, value);
      }
    };
    const shows = async () => effectiveStatus(await readStatusContext(incidents, components, config), 'api');
    const setBaseline = (status: ComponentStatus) => {
      records.get('api')!.baselineStatus = status;
    };
    return {
      run,
      audit,
      shows,
      setBaseline,
      evaluate: (minute: number) => service.evaluate({ through: t0 + minute * MINUTE_MS }),
    };
  }

  it('goes down when two of three regions agree three runs in a row, and one region alone never moves it', async () => {
    const h = harness();
    for (let m = 0; m < 5; m++) h.run(m, down(), up(50), up(60)); // one region's own trouble
    expect(await h.evaluate(4)).toEqual([]);
    for (let m = 5; m < 8; m++) h.run(m, down(), down(), up(60));
    expect(await h.evaluate(6)).toEqual([{ componentId: 'api', from: 'operational', to: 'degraded_performance' }]);
    expect(await h.evaluate(7)).toEqual([{ componentId: 'api', from: 'degraded_performance', to: 'major_outage' }]);
    expect(await h.shows()).toBe('major_outage');
    expect(await h.evaluate(7)).toEqual([]); // evaluating again changes nothing
    for (let m = 8; m < 10; m++) h.run(m, up(50), up(50), down());
    expect(await h.evaluate(9)).toEqual([{ componentId: 'api', from: 'major_outage', to: 'operational' }]);
    expect(await h.shows()).toBe('operational');
    expect(h.audit.map((e) => [e.actor.channel, e.summary])).toEqual([
      ['probe', 'probes: degraded_performance (2 runs in a row, quorum 2 of 3 regions) (shows degraded_performance)'],
      ['probe', 'probes: major_outage (3 runs in a row, quorum 2 of 3 regions) (shows major_outage)'],
      ['probe', 'probes: operational again (2 healthy runs in a row) (shows operational)'],
    ]);
  });

  it('never makes milder what a person set, and recovering restores it exactly', async () => {
    const h = harness('partial_outage');
    for (let m = 0; m < 3; m++) h.run(m, up(50), up(50), up(50));
    expect(await h.evaluate(2)).toEqual([]); // healthy probes do not clear a person's status
    expect(await h.shows()).toBe('partial_outage');
    for (let m = 3; m < 5; m++) h.run(m, up(900), down(), down());
    await h.evaluate(4);
    expect(await h.shows()).toBe('partial_outage'); // degraded is milder: the person's status shows
    for (let m = 5; m < 8; m++) h.run(m, down(), down(), down());
    await h.evaluate(7);
    expect(await h.shows()).toBe('major_outage');
    for (let m = 8; m < 10; m++) h.run(m, up(50), up(50), up(50));
    await h.evaluate(9);
    expect(await h.shows()).toBe('partial_outage');
  });

  it('holds nothing on a component under maintenance', async () => {
    const h = harness();
    for (let m = 0; m < 3; m++) h.run(m, down(), down(), down());
    await h.evaluate(2);
    expect(await h.shows()).toBe('major_outage');
    h.setBaseline('under_maintenance');
    h.run(3, down(), down(), down());
    expect(await h.evaluate(3)).toEqual([{ componentId: 'api', from: 'major_outage', to: 'operational' }]);
    expect(await h.shows()).toBe('under_maintenance');
  });
});
