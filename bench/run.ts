/**
 * `npm run bench`: measures the performance targets and writes the figures to
 * bench/results/latest.json. Targets live here, never in timed tests that flake on a busy machine.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { benchLocalPage } from './local-page';
import { benchNotifications } from './notifications';
import { benchProbes } from './probes';
import { type Measurement, benchStatusPage } from './status-page';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const suites: Record<string, () => Promise<Measurement[]>> = {
  'status page': benchStatusPage,
  'local mode': benchLocalPage,
  notifications: benchNotifications,
  probes: benchProbes,
};

const report: Record<string, Measurement[]> = {};
for (const [name, run] of Object.entries(suites)) {
  report[name] = await run();
  console.log(`\n${name}`);
  for (const m of report[name]) {
    console.log(`  ${m.met ? 'met ' : 'MISS'}  ${String(m.value).padStart(8)} ${m.unit.padEnd(3)} ${m.target.padEnd(12)} ${m.name}`);
  }
}

await mkdir('bench/results', { recursive: true });
const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' };
await writeFile('bench/results/latest.json', `${JSON.stringify({ at: new Date().toISOString(), machine, report }, null, 2)}\n`);
console.log('\nFigures written to bench/results/latest.json');
const missed = Object.values(report).flat().filter((m) => !m.met);
process.exitCode = missed.length ? 1 : 0;
