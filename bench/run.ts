/**
 * `npm run bench`: measures the performance targets, writes the figures to
 * bench/results/latest.json and the README's benchmark table (between its bench markers).
 * Targets live here, never in timed tests that flake on a busy machine.
 *
 * Exit status: 1 when a target is missed, however busy the machine: the targets are set to hold
 * on a loaded 2-core machine, and the load average is recorded beside the figures.
 * `npm run bench -- --only=<suite>` runs one suite.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { benchColdStart } from './cold-start';
import { benchLocalPage } from './local-page';
import { benchNotifications } from './notifications';
import { benchProbes } from './probes';
import { withBenchTable } from './readme-table';
import { benchStatusPage, type Measurement } from './status-page';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const suites: Record<string, () => Promise<Measurement[]>> = {
  'status page': benchStatusPage,
  'local mode': benchLocalPage,
  notifications: benchNotifications,
  probes: benchProbes,
  'cold starts': benchColdStart,
};

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const cores = cpus().length;
const loads: number[] = [loadavg()[0]!];

const report: Record<string, Measurement[]> = {};
for (const [name, run] of Object.entries(suites)) {
  if (only && only !== name) continue;
  report[name] = await run();
  loads.push(loadavg()[0]!);
  console.log(`\n${name}`);
  for (const m of report[name]) {
    console.log(
      `  ${m.met ? 'met ' : 'MISS'}  ${String(m.value).padStart(8)} ${m.unit.padEnd(3)} ${m.target.padEnd(12)} ${m.name}`,
    );
  }
}

const busiest = Math.max(...loads);
const missed = Object.values(report)
  .flat()
  .filter((m) => !m.met);

await mkdir('bench/results', { recursive: true });
const machine = {
  node: process.version,
  cpus: cores,
  cpu: cpus()[0]?.model ?? 'unknown',
  loadAverage: Math.round(busiest * 100) / 100,
};
await writeFile(
  'bench/results/latest.json',
  `${JSON.stringify({ at: new Date().toISOString(), machine, report }, null, 2)}\n`,
);
console.log('\nFigures written to bench/results/latest.json');
if (!only) {
  await writeFile('README.md', withBenchTable(await readFile('README.md', 'utf8'), report, machine, new Date()));
  console.log('and to the benchmark table in README.md');
}
if (missed.length)
  console.log(`\n${missed.length} target(s) missed (load average up to ${busiest.toFixed(1)} on ${cores} cores).`);
process.exitCode = missed.length ? 1 : 0;
