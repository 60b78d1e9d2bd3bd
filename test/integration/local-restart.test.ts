import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../lambdas/adapters/aws/dynamodb/client';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lambdas/local/emulators';
import { LOCAL_TABLE_NAME } from '../../lambdas/local/local-service';
import { audience, seedSubscribers } from '../support/plan-harness';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'restart-key';
let dataDir: string;
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** What the npm start processes printed, for the failure message. */
let printed = '';

/** `npm start` in its own process group (so a kill takes dynalite and everything with it). */
async function npmStart(configPath: string): Promise<{ child: ChildProcess; url: string; dynamoDb: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'lambdas/local/main.ts'], {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      PORT: '0',
      LIFEBOAT_DATA_DIR: dataDir,
      LIFEBOAT_API_KEY: KEY,
      LIFEBOAT_CONFIG: configPath,
      LIFEBOAT_LOG_LEVEL: 'WARN',
    },
  });
  child.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const banner = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      printed += chunk.toString();
      if (out.includes('Press Ctrl+C')) resolve(out);
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${out}`)));
  });
  return {
    child,
    url: /API\s+(http:\/\/127\.0\.0\.1:\d+)\/v1/.exec(banner)![1]!,
    dynamoDb: /dynalite at (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)![1]!,
  };
}

const webhooksIn = async (url: string) => {
  const { messages } = (await (
    await fetch(`${url}/_dev/outbox`, { headers: { accept: 'application/json' } })
  ).json()) as { messages: { channel: string; to: string }[] };
  return messages.filter((m) => m.channel === 'webhook').map((m) => m.to);
};

async function until<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(
        `Timed out waiting for ${what}; got ${JSON.stringify(value).slice(-300)}; npm start printed: ${printed.slice(-3000)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('local mode after kill -9', () => {
  it('finishes the plan after a restart, with no command from anyone, each subscriber once', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lifeboat-restart-'));
    const configPath = join(dataDir, 'lifeboat.config.mjs');
    // 300 webhooks at 20 a second: fifteen seconds of sending, killed early on.
    await writeFile(
      configPath,
      `export default { page: { name: 'Restart', url: 'https://status.restart.example', timeZone: 'UTC' }, components: [{ id: 'api', name: 'API' }], responsePlan: { limits: { webhooksPerSecond: 20 } } };`,
    );
    const first = await npmStart(configPath);
    const db = createDocumentClient({ endpoint: first.dynamoDb, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const people = audience({ webhook: 300 });
    await seedSubscribers(db, people, LOCAL_TABLE_NAME);
    db.destroy();

    const declared = await fetch(`${first.url}/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Killed mid-plan', impact: 'minor', components: { api: 'degraded_performance' } }),
    });
    expect(declared.status).toBe(201);
    const before = await until(
      'the first webhooks',
      () => webhooksIn(first.url),
      (sent) => sent.length >= 30,
      30_000,
    );
    process.kill(-first.child.pid!, 'SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(before.length).toBeLessThan(300);

    const second = await npmStart(configPath);
    try {
      const reached = async () => {
        const sent = await webhooksIn(second.url);
        return { sent, distinct: new Set(sent).size };
      };
      const { sent: all } = await until('every subscriber', reached, ({ distinct }) => distinct >= 300, 120_000);
      expect(new Set(all)).toEqual(new Set(people.map((p) => p.address)));
      // A kill can repeat only the batches in flight: four worker loops, ten webhooks a batch.
      expect(all.length - 300).toBeLessThanOrEqual(40);
    } finally {
      process.kill(-second.child.pid!, 'SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    }
  }, 240_000);
});
