/**
 * Cold starts: the module load of each bundled function (what Lambda's init phase runs before the
 * first request), each in a fresh node process, five times, next to a hello-world module; and the
 * size of each bundle. The bundles are the ones the CDK construct deploys (bin/build-functions.mjs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
// @ts-expect-error: a plain ES module script, without declarations
import { buildFunctions, FUNCTION_ENTRIES } from '../bin/build-functions.mjs';
import { parseConfig } from '../lambdas/core/config';
import lifeboatConfig from '../lifeboat.config';
import type { Measurement } from './status-page';

const RUNS = 5;
const MAX_BUNDLE_KB = 400;

/** What the CDK app gives the functions (placeholders: nothing is called at load). */
const ENVIRONMENT = {
  AWS_REGION: 'eu-west-3',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  TABLE_NAME: 'lifeboat',
  TABLE_REGION: 'eu-west-3',
  EVENT_BUS_NAME: 'lifeboat',
  PUBLIC_API_URL: 'https://api.example.com',
  API_KEY_PEPPER_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:pepper',
  TOKEN_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:token',
  X_CREDENTIALS_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:x',
  SLACK_SIGNING_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:slack',
  SLACK_BOT_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:bot',
  SLACK_WORKER_FUNCTION: 'lifeboat-slack-worker',
  SES_CONFIGURATION_SET: 'lifeboat',
  SCHEDULE_GROUP: 'lifeboat',
  MAINTENANCE_SCHEDULE_GROUP: 'lifeboat-maintenance',
  MAINTENANCE_TIMER_FUNCTION_ARN: 'arn:aws:lambda:eu-west-3:123456789012:function:maintenance-timer',
  MAINTENANCE_SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/maintenance-scheduler',
  MAINTENANCE_TIMER_DEAD_LETTER_ARN: 'arn:aws:sqs:eu-west-3:123456789012:maintenance-dead-letters',
  PLAN_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/plan',
  EMAIL_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/email',
  SMS_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/sms',
  WEBHOOK_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/webhook',
  SITE_BUCKET_NAME: 'lifeboat-site',
  DISTRIBUTION_ID: 'E123EXAMPLE',
  PAGE_URL: 'https://status.example.com',
  HEALTH_URL: 'https://api.example.com/v1/health',
};

const LOAD =
  'const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));';

/** Milliseconds to import the module, in a fresh process. */
function loadTime(file: string, env: NodeJS.ProcessEnv): number {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', LOAD, pathToFileURL(file).href], {
    encoding: 'utf8',
    env,
  });
  if (run.status !== 0) throw new Error(`${file} did not load: ${run.stderr.slice(-600)}`);
  return Number(run.stdout);
}

/**
 * Each module's load times, sorted. The rounds go through every module in turn (rather than one
 * module five times), so that a busy moment of the machine falls on all of them alike.
 */
function loadTimes(files: Record<string, string>, env: NodeJS.ProcessEnv): Record<string, number[]> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(files).map((name) => [name, []]));
  for (let round = 0; round < RUNS; round++) {
    for (const [name, file] of Object.entries(files)) times[name]!.push(loadTime(file, env));
  }
  for (const list of Object.values(times)) list.sort((a, b) => a - b);
  return times;
}

const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)]!;
const spread = (sorted: number[]) => `${sorted[0]!.toFixed(0)}-${sorted.at(-1)!.toFixed(0)} ms`;

export async function benchColdStart(): Promise<Measurement[]> {
  const dir = mkdtempSync(join(tmpdir(), 'lifeboat-cold-'));
  try {
    const sizes = (await buildFunctions(join(dir, 'functions'))) as Record<
      string,
      { startBytes: number; totalBytes: number }
    >;
    const configFile = join(dir, 'lifeboat.config.json');
    writeFileSync(configFile, JSON.stringify(parseConfig(lifeboatConfig, 'lifeboat.config.ts')));
    const hello = join(dir, 'hello.mjs');
    writeFileSync(hello, 'export const handler = async () => ({ statusCode: 200, body: "hello" });\n');
    const env = { PATH: process.env.PATH, ...ENVIRONMENT, LIFEBOAT_CONFIG_FILE: configFile };

    const entries = FUNCTION_ENTRIES as string[];
    const times = loadTimes(
      { hello, ...Object.fromEntries(entries.map((entry) => [entry, join(dir, 'functions', entry, 'index.mjs')])) },
      env,
    );
    const helloTimes = times.hello!;
    const budget = 3 * median(helloTimes) + 60;
    const rows = entries.map((entry) => {
      const sorted = times[entry]!;
      return {
        entry,
        api: entry.startsWith('api-routes/'),
        load: median(sorted),
        spread: spread(sorted),
        // What the init phase loads: index.mjs and its static imports (not the chunks that
        // load on the paths that need them, counted in `allKb`).
        kb: sizes[entry]!.startBytes / 1024,
        allKb: sizes[entry]!.totalBytes / 1024,
      };
    });
    // Every function, for a closer look; the summary rows below go to the results and the README.
    console.log(
      `\ncold starts, each function (hello world ${median(helloTimes).toFixed(1)} ms; route budget ${Math.round(budget)} ms):`,
    );
    for (const row of rows)
      console.log(
        `  ${String(Math.round(row.load)).padStart(5)} ms (${row.spread})  ${String(Math.round(row.kb)).padStart(5)} KB at start ${String(Math.round(row.allKb)).padStart(5)} KB in all  ${row.entry}`,
      );
    const api = rows.filter((row) => row.api);
    const health = rows.find((row) => row.entry === 'api-routes/health')!;
    const slowest = api.reduce((a, b) => (b.load > a.load ? b : a));
    const largestRoute = api.reduce((a, b) => (b.kb > a.kb ? b : a));
    const largest = rows.reduce((a, b) => (b.kb > a.kb ? b : a));
    const within = api.filter((row) => row.load <= budget).length;
    const results: Measurement[] = [
      {
        name: `cold start: module load of a hello-world module (median of ${RUNS}; ${spread(helloTimes)})`,
        value: Math.round(median(helloTimes) * 10) / 10,
        unit: 'ms',
        target: '(reference)',
        met: true,
      },
      {
        name: `cold start: module load of GET /v1/health (median of ${RUNS}; ${health.spread})`,
        value: Math.round(health.load),
        unit: 'ms',
        target: `<= ${Math.round(budget)} ms`,
        met: health.load <= budget,
      },
      {
        name: `cold start: API routes within 3 x hello world + 60 ms`,
        value: within,
        unit: '',
        target: `${api.length} of ${api.length}`,
        met: within === api.length,
      },
      {
        name: `cold start: slowest API route, ${slowest.entry.slice('api-routes/'.length)} (median of ${RUNS}; ${slowest.spread})`,
        value: Math.round(slowest.load),
        unit: 'ms',
        target: `<= ${Math.round(budget)} ms`,
        met: slowest.load <= budget,
      },
      {
        name: 'bundle size loaded at start: GET /v1/health',
        value: Math.round(health.kb),
        unit: 'KB',
        target: `<= ${MAX_BUNDLE_KB} KB`,
        met: health.kb <= MAX_BUNDLE_KB,
      },
      {
        name: `bundle size loaded at start: largest API route, ${largestRoute.entry.slice('api-routes/'.length)} (${Math.round(largestRoute.allKb)} KB with its lazy chunks)`,
        value: Math.round(largestRoute.kb),
        unit: 'KB',
        target: `<= ${MAX_BUNDLE_KB} KB`,
        met: largestRoute.kb <= MAX_BUNDLE_KB,
      },
      {
        name: `bundle size loaded at start: largest function, ${largest.entry} (${Math.round(largest.allKb)} KB with its lazy chunks)`,
        value: Math.round(largest.kb),
        unit: 'KB',
        target: `<= ${MAX_BUNDLE_KB} KB`,
        met: largest.kb <= MAX_BUNDLE_KB,
      },
    ];
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
