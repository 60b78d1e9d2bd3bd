import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestService, WRITE_KEY } from '../support/local-service';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lifeboat-'));
  dirs.push(dir);
  return dir;
};

describe('local mode', () => {
  it('keeps its data across a restart when given a data folder', async () => {
    const dataDir = await tempDir();
    const first = await startTestService({ dataDir });
    const declared = await (
      await first.call('POST', '/v1/incidents', { body: { name: 'Survives', impact: 'minor' } })
    ).json();
    await first.close();

    const second = await startTestService({ dataDir });
    try {
      const fetched = await second.call('GET', `/v1/incidents/${declared.id}`);
      expect(fetched.status).toBe(200);
      expect((await fetched.json()).name).toBe('Survives');
    } finally {
      await second.close();
    }
  });

  it('keeps the schedules of open incidents across a restart', async () => {
    const dataDir = await tempDir();
    const first = await startTestService({ dataDir });
    const incident = await (
      await first.call('POST', '/v1/incidents', { body: { name: 'Long one', impact: 'major' } })
    ).json();
    await first.events.idle();
    expect(await first.scheduler.scheduled()).toEqual([incident.id]);
    await first.close();

    const second = await startTestService({ dataDir });
    try {
      expect(await second.scheduler.scheduled()).toEqual([incident.id]);
    } finally {
      await second.close();
    }
  });

  it('npm start serves the API with the key from LIFEBOAT_API_KEY and says what runs where', async () => {
    const dataDir = await tempDir();
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'lambdas/local/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', LIFEBOAT_DATA_DIR: dataDir, LIFEBOAT_API_KEY: WRITE_KEY },
    });
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('Press Ctrl+C')) resolve(out);
        });
        child.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${out}`)));
      });
      const url = /API\s+(http:\/\/127\.0\.0\.1:\d+)\/v1/.exec(banner)?.[1];
      expect(url).toBeDefined();
      expect(banner).toContain(`data in ${dataDir}`);
      expect(banner).toMatch(/Config\s+lifeboat\.config\.ts: \d+ components/);

      const unauthorised = await fetch(`${url}/v1/status`);
      expect(unauthorised.status).toBe(401);
      const status = await fetch(`${url}/v1/status`, { headers: { authorization: `Bearer ${WRITE_KEY}` } });
      expect(status.status).toBe(200);
      expect(((await status.json()) as { page: { name: string } }).page.name).toBe('Acme Cloud');
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });

  it('refuses to start on an invalid config, naming the file and field', async () => {
    const dir = await tempDir();
    const configPath = join(dir, 'bad.config.mjs');
    await writeFile(
      configPath,
      `export default { page: { name: 'X', url: 'not a url', timeZone: 'UTC' }, components: [{ id: 'api', name: 'API' }] };`,
    );
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'lambdas/local/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', LIFEBOAT_DATA_DIR: dir, LIFEBOAT_CONFIG: configPath },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(`Invalid configuration in ${configPath}`);
    expect(stderr).toContain('page.url');
  });
});
