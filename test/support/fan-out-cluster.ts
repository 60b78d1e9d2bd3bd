import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SesEmailSender } from '../../lambdas/adapters/aws/ses-email-sender';
import { SnsSmsSender } from '../../lambdas/adapters/aws/sns-sms-sender';
import { HttpWebhookSender } from '../../lambdas/adapters/webhook-sender';
import { type LifeboatConfigInput, parseConfig } from '../../lambdas/core/config';
import type { EventPublisher } from '../../lambdas/core/ports';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDb } from '../../lambdas/local/emulators';
import { audience, seedSubscribers, startPlanHarness } from './plan-harness';
import { startProviderSimulator } from './provider-simulator';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const WORKER = join(ROOT, 'test/support/fan-out-worker.ts');

export interface WorkerStats {
  writes: { queue: number; other: number };
  peakRss: number;
  throttled: number;
  batches: number;
  /** Recipients the provider refused for good (the first twenty, with why), and how many in all. */
  failed: { to: string; reason: string }[];
  failedCount: number;
}

export interface FanOutOptions {
  audience: { email: number; sms: number; webhook: number };
  limits: { emailPerSecond: number; smsPerSecond: number; webhooksPerSecond: number };
  workers: number;
  loopsPerWorker: number;
  /** Short leases, so a killed worker's batch goes out again within seconds (the fault test). */
  leaseSeconds?: number;
  /** Wraps the relay's sink in the "API" process (to make publishing fail). */
  sink?: (sink: EventPublisher) => EventPublisher;
}

/**
 * Lifeboat's fan-out as it runs on AWS, on one machine: this process is the API and the outbox
 * relay (it declares, and plans the first page as the event arrives); worker processes are the
 * concurrent notifier Lambdas; dynalite is DynamoDB and the queue; the provider simulator is SES
 * and SNS with their rate limits. Workers can be killed with SIGKILL and started again.
 */
export async function startFanOutCluster(options: FanOutOptions) {
  const configInput: LifeboatConfigInput = {
    page: { name: 'Acme Cloud', url: 'https://status.acme.example', timeZone: 'UTC' },
    components: [{ id: 'api', name: 'API' }],
    responsePlan: { limits: options.limits },
  };
  const config = parseConfig(configInput, 'fan-out');
  const dynamo = await startDynamoDb();
  const provider = await startProviderSimulator(options.limits);
  const client = { endpoint: provider.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 };
  const api = await startPlanHarness({
    config,
    endpoint: dynamo.endpoint,
    email: new SesEmailSender(new SESv2Client(client), 'status@acme.example'),
    sms: new SnsSmsSender(new SNSClient(client)),
    webhooks: new HttpWebhookSender({ allowPrivateNetworks: true }),
    ...(options.sink ? { sink: options.sink } : {}),
  });
  const people = audience(options.audience).map((s, i) =>
    s.channel === 'webhook' ? { ...s, address: `${provider.endpoint}/hooks/${i}` } : s,
  );
  await seedSubscribers(api.db, people);

  const children = new Map<number, ChildProcess>();
  const stats: WorkerStats[] = [];
  const spawnWorker = (slot: number) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
        cwd: ROOT,
        env: {
          ...process.env,
          FANOUT_CONFIG: JSON.stringify(configInput),
          FANOUT_DYNAMODB: dynamo.endpoint,
          FANOUT_PROVIDER: provider.endpoint,
          FANOUT_LOOPS: String(options.loopsPerWorker),
          ...(options.leaseSeconds ? { FANOUT_LEASE_SECONDS: String(options.leaseSeconds) } : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk;
        if (output.includes('READY')) resolve();
        const line = /STATS (.*)\n/.exec(output);
        if (line) {
          stats.push(JSON.parse(line[1]!) as WorkerStats);
          output = '';
        }
      });
      let errors = '';
      child.stderr!.on('data', (chunk: Buffer) => (errors += chunk));
      child.once('exit', (code, signal) => {
        if (!output.includes('READY') && signal !== 'SIGKILL')
          reject(new Error(`A worker could not start (${code}): ${errors}`));
      });
      children.set(slot, child);
    });

  // The relay, as the stream would run it: committed events go to the plan within moments.
  let relaying = true;
  const relayLoop = (async () => {
    while (relaying) {
      await api.relay.drain().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();

  return {
    api,
    provider,
    people,
    /** Starts the worker processes. */
    startWorkers: () => Promise.all(Array.from({ length: options.workers }, (_, slot) => spawnWorker(slot))),
    /** Kills one worker with SIGKILL, wherever it is, and starts another in its place. */
    async killAndRestart(slot: number): Promise<void> {
      const child = children.get(slot)!;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      await spawnWorker(slot);
    },
    /** Resolves once the provider has accepted `count` recipients (or rejects after `timeoutMs`). */
    async deliveredAtLeast(count: number, timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (provider.accepted.length < count) {
        if (Date.now() > deadline)
          throw new Error(`Only ${provider.accepted.length} of ${count} delivered in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    /** Stops the workers (they report their figures) and everything else. */
    async stop(): Promise<WorkerStats[]> {
      relaying = false;
      await relayLoop;
      await Promise.all(
        [...children.values()].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
      await api.close();
      await provider.close();
      await dynamo.close();
      return stats;
    },
  };
}
