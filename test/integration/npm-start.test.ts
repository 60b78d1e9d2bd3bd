import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { StartingGate } from '../../lambdas/local/starting-gate';

/** `npm start` as a newcomer meets it: each way it cannot start is one line and exit status 1. */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const exit = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGTERM');
      await exit;
    }
  }
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lifeboat-start-'));
  dirs.push(dir);
  return dir;
};

/** A port free a moment ago (the OS picks it), for a server that must be reached before it prints anything. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `npm start` in its own process group, so a kill reaches the process tsx starts as well. */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

async function until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'lambdas/local/main.ts'], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, PORT: '0', LIFEBOAT_API_KEY: '', LIFEBOAT_CONFIG: '', ...env },
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => stdout.includes('Press Ctrl+C') && resolve(stdout));
    void exited.then((code) => reject(new Error(`npm start exited with ${code}: ${stderr}`)));
  });
  ready.catch(() => {});
  return { child, exited, ready, output: () => ({ stdout, stderr }) };
}

/** What the user sees when it refuses to start: exactly one line, no stack trace. */
async function refusal(env: Record<string, string>): Promise<{ code: number | null; line: string }> {
  const started = start(env);
  const code = await started.exited;
  const lines = started
    .output()
    .stderr.split('\n')
    .filter((line) => line.trim() && !line.startsWith('npm warn'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toMatch(/^\s+at /);
  return { code, line: lines[0]! };
}

describe('npm start refuses in one line, with exit status 1', () => {
  it('a PORT that is not a port number', async () => {
    const { code, line } = await refusal({ PORT: 'abc', LIFEBOAT_DATA_DIR: await tempDir() });
    expect(code).toBe(1);
    expect(line).toBe('PORT must be a port number from 0 to 65535 (got "abc")');
  });

  it('a LIFEBOAT_CONFIG file that does not exist', async () => {
    const dir = await tempDir();
    const { code, line } = await refusal({ LIFEBOAT_CONFIG: join(dir, 'missing.config.ts'), LIFEBOAT_DATA_DIR: dir });
    expect(code).toBe(1);
    expect(line).toBe(
      `Configuration file not found: ${join(dir, 'missing.config.ts')} (set LIFEBOAT_CONFIG to your lifeboat.config.ts)`,
    );
  });

  it('a second npm start on a data folder in use, which leaves the first one serving', async () => {
    const dataDir = await tempDir();
    const first = start({ LIFEBOAT_DATA_DIR: dataDir });
    const banner = await first.ready;
    const url = /API\s+(http:\/\/127\.0\.0\.1:\d+)\/v1/.exec(banner)![1]!;

    const { code, line } = await refusal({ LIFEBOAT_DATA_DIR: dataDir });
    expect(code).toBe(1);
    const holder = (await readFile(join(dataDir, 'lifeboat.pid'), 'utf8')).trim();
    expect(line).toBe(
      `The data folder ${dataDir} is in use by another Lifeboat (process ${holder}): stop it, or start this one with LIFEBOAT_DATA_DIR=<another folder>`,
    );
    expect((await fetch(`${url}/v1/health`)).status).toBe(200);
  });

  it('takes over a data folder whose Lifeboat was killed (kill -9)', async () => {
    const dataDir = await tempDir();
    const first = start({ LIFEBOAT_DATA_DIR: dataDir });
    await first.ready;
    const holder = Number((await readFile(join(dataDir, 'lifeboat.pid'), 'utf8')).trim());
    process.kill(-first.child.pid!, 'SIGKILL');
    await first.exited;
    await until(() => !alive(holder)); // the kill has landed (the process may linger unreaped a moment)
    const second = start({ LIFEBOAT_DATA_DIR: dataDir });
    expect(await second.ready).toContain('Lifeboat is running locally');
  });
});

describe('npm start from the first millisecond', () => {
  it('answers every request while starting: 503 with Retry-After until ready, never a hang', async () => {
    const port = await freePort();
    const started = start({ PORT: String(port), LIFEBOAT_DATA_DIR: await tempDir() });
    const answers: number[] = [];
    let ready = false;
    void started.ready.then(
      () => (ready = true),
      () => {},
    );
    for (;;) {
      let response: Response;
      try {
        // A request that hangs fails the test through this timeout.
        response = await fetch(`http://127.0.0.1:${port}/v1/health`, { signal: AbortSignal.timeout(10_000) });
      } catch (error) {
        if ((error as Error).name === 'TimeoutError') throw new Error('a request hung while npm start was starting');
        if (started.child.exitCode !== null) throw new Error(`npm start exited: ${started.output().stderr}`);
        await new Promise((resolve) => setImmediate(resolve)); // not listening yet: ask again
        continue;
      }
      answers.push(response.status);
      if (response.status === 503) {
        expect(response.headers.get('retry-after')).toBe('1');
        expect(response.headers.get('content-type')).toBe('application/problem+json');
      } else {
        expect(response.status).toBe(200);
        break;
      }
    }
    expect(answers.at(-1)).toBe(200);
    await started.ready;
    expect(ready).toBe(true);
  });

  it('the gate answers 503 until it opens, then passes every request on', async () => {
    const gate = new StartingGate();
    const server = createServer(gate.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/incidents`;
    try {
      const early = await fetch(url, { method: 'POST', body: '{"name":"x"}' });
      expect(early.status).toBe(503);
      expect(early.headers.get('retry-after')).toBe('1');
      expect(((await early.json()) as { title: string }).title).toBe('Lifeboat is starting');
      gate.open((_request, response) => response.end('ready'));
      expect(await (await fetch(url)).text()).toBe('ready');
    } finally {
      server.close();
    }
  });

  it('shows a custom API key masked in the banner, never in full', async () => {
    const key = 'my-very-secret-local-key-123';
    const started = start({ LIFEBOAT_DATA_DIR: await tempDir(), LIFEBOAT_API_KEY: key });
    const banner = await started.ready;
    expect(banner).not.toContain(key);
    expect(banner).toMatch(/API key\s+my-v…\(28 characters\) \(from LIFEBOAT_API_KEY\)/);
    expect(banner).toContain('LIFEBOAT_API_KEY=$LIFEBOAT_API_KEY npx lifeboat status');
  });

  it('links to its own page, not the public URL, in the feeds and the JSON a person follows locally', async () => {
    const started = start({ LIFEBOAT_DATA_DIR: await tempDir() });
    const banner = await started.ready;
    const url = /Page\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(banner)?.[1];
    expect(url).toBeDefined();
    const declared = await fetch(`${url}/v1/incidents`, {
      method: 'POST',
      headers: { authorization: 'Bearer lifeboat-local-key', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Checkout errors', impact: 'minor', body: 'Looking into it.' }),
    });
    expect(declared.status).toBe(201);
    const { id } = (await declared.json()) as { id: string };
    // The page is rebuilt after the change: wait for the incident to appear on it.
    let incidents: { incidents: { id: string; shortlink: string }[] } = { incidents: [] };
    for (let tries = 0; tries < 200 && !incidents.incidents.some((i) => i.id === id); tries++) {
      if (tries) await new Promise((resolve) => setTimeout(resolve, 100));
      incidents = (await (await fetch(`${url}/api/v2/incidents.json`)).json()) as typeof incidents;
    }
    expect(incidents.incidents.find((i) => i.id === id)?.shortlink).toBe(`${url}/incidents/${id}/`);
    const feed = await (await fetch(`${url}/history.rss`)).text();
    expect(feed).toContain(`<link>${url}/incidents/${id}/</link>`);
    expect(feed).not.toContain('acme.example/incidents');
  });
});
