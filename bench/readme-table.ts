import type { Measurement } from './status-page';

export const BENCH_START = '<!-- bench:start (written by npm run bench) -->';
export const BENCH_END = '<!-- bench:end -->';

/**
 * The README with its benchmark table (between the bench markers) rewritten from a run, so the
 * figures a reader sees are the last full run's. Without the markers, the README is left as it is.
 */
export function withBenchTable(
  readme: string,
  results: Record<string, Measurement[]>,
  machine: { cpus: number; cpu: string; node: string; loadAverage: number },
  at: Date,
): string {
  const from = readme.indexOf(BENCH_START);
  const to = readme.indexOf(BENCH_END);
  if (from < 0 || to < from) return readme;
  const rows = Object.values(results)
    .flat()
    .map(
      (m) =>
        `| ${m.name} | ${m.target} | ${m.value.toLocaleString('en')}${m.unit ? ` ${m.unit}` : ''}${m.met ? '' : ' (missed)'} |`,
    );
  const table = [
    BENCH_START,
    `Measured ${at.toISOString().slice(0, 10)} on ${machine.cpus} cores (${machine.cpu}), Node ${machine.node}, load average up to ${machine.loadAverage}.`,
    '',
    '| figure | target | measured |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
  return `${readme.slice(0, from)}${table}\n${readme.slice(to)}`;
}
