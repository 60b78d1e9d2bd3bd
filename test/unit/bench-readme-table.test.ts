import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BENCH_END, BENCH_START, withBenchTable } from '../../bench/readme-table';

describe("the README's benchmark table", () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const machine = { cpus: 2, cpu: 'Test CPU', node: 'v20.0.0', loadAverage: 0.5 };
  const results = {
    'status page': [
      {
        name: 'publish after one update (median of 9, p10-p90 81-126 ms)',
        value: 92.2,
        unit: 'ms',
        target: '< 200 ms',
        met: true,
        timing: true,
      },
      { name: 'index.html', value: 31, unit: 'KB', target: '<= 30 KB', met: false },
    ],
  };

  it('is rewritten from a run, between its markers, and nothing else changes', () => {
    expect(readme).toContain(BENCH_START);
    const written = withBenchTable(readme, results, machine, new Date('2026-11-24T00:00:00Z'));
    expect(written).toContain('| publish after one update (median of 9, p10-p90 81-126 ms) | < 200 ms | 92.2 ms |');
    expect(written).toContain('| index.html | <= 30 KB | 31 KB (missed) |');
    expect(written).toContain('Measured 2026-11-24 on 2 cores (Test CPU), Node v20.0.0, load average up to 0.5.');
    expect(written.slice(0, written.indexOf(BENCH_START))).toBe(readme.slice(0, readme.indexOf(BENCH_START)));
    expect(written.slice(written.indexOf(BENCH_END))).toBe(readme.slice(readme.indexOf(BENCH_END)));
    expect(withBenchTable(written, results, machine, new Date('2026-11-24T00:00:00Z'))).toBe(written);
  });
});
