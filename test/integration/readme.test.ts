import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The README is the user's guide: every shell block in it runs as written, with bash, against a
 * local Lifeboat started as `npm start` starts it. Only a block the README itself marks with
 * `<!-- readme-test: skip (why) -->` (deploying to AWS, installing) is left out. The documented
 * defaults are pointed at the test's server through the variables the README names
 * (LIFEBOAT_URL, LIFEBOAT_API_KEY); the text of the blocks is never rewritten.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SKIP = /^<!-- readme-test: skip \((.+)\) -->$/;

interface Block {
  line: number;
  section: string;
  code: string;
  skip: string | null;
}

/** Every ```sh block, with the heading it sits under and the skip marker just above it, if any. */
function shellBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{1,4} /.test(line)) section = line.replace(/^#+ /, '');
    if (line.trim() !== '```sh') {
      if (line.startsWith('```')) {
        // Skip over any other fenced block, so its contents are never read as headings or fences.
        for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++);
      }
      continue;
    }
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i]!.trim() !== '```'; i++) body.push(lines[i]!);
    const above =
      lines
        .slice(0, start)
        .reverse()
        .find((l) => l.trim() !== '') ?? '';
    blocks.push({ line: start + 1, section, code: body.join('\n'), skip: SKIP.exec(above.trim())?.[1] ?? null });
  }
  return blocks;
}

const blocks = shellBlocks(README);

let server: ChildProcess;
let url: string;
let banner: string;
let dataDir: string;
const filesBefore = new Set(readdirSync(ROOT));
/** The CSV files the runnable blocks name: the only files they may leave behind. */
const written = new Set(blocks.filter((b) => !b.skip).flatMap((b) => b.code.match(/[\w-]+\.csv\b/g) ?? []));

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lifeboat-readme-'));
  // `npm start` as the quick start runs it, on a port the OS picks and a data folder of its own.
  server = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'lambdas/local/main.ts'], {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      PORT: '0',
      LIFEBOAT_DATA_DIR: dataDir,
      LIFEBOAT_API_KEY: '',
      LIFEBOAT_CONFIG: '',
      LIFEBOAT_SLACK_SIGNING_SECRET: '',
    },
  });
  banner = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Press Ctrl+C')) resolve(out);
    });
    server.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    server.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${err}`)));
  });
  url = /API\s+(http:\/\/127\.0\.0\.1:\d+)\/v1/.exec(banner)![1]!;
}, 60_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    process.kill(-server.pid!, 'SIGTERM');
    await exited;
  }
  // Files the blocks wrote in the working folder (an import file, an export), if they were not there before.
  for (const file of written) if (!filesBefore.has(file)) rmSync(join(ROOT, file), { force: true });
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Runs a block with bash: stops at the first failing command, and curl fails on an HTTP error. */
function runBlock(code: string): Promise<{ code: number; output: string }> {
  const script = `set -eo pipefail\ncurl() { command curl --fail-with-body "$@"; }\n${code}\n`;
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-c', script],
      {
        cwd: ROOT,
        timeout: 120_000,
        env: {
          ...process.env,
          LIFEBOAT_URL: url,
          LIFEBOAT_API_KEY: 'lifeboat-local-key',
          LIFEBOAT_SLACK_SIGNING_SECRET: '',
          NO_COLOR: '1',
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}\n${stderr}` }),
    );
  });
}

describe('the README', () => {
  it('has shell blocks to run, and says why of each one it skips', () => {
    const runnable = blocks.filter((b) => !b.skip);
    expect(runnable.length).toBeGreaterThanOrEqual(5);
    for (const section of ['With curl', 'With the CLI', 'With Slack', 'Subscribers', 'Import and export']) {
      expect(
        runnable.some((b) => b.section === section),
        section,
      ).toBe(true);
    }
    const skipped = blocks.filter((b) => b.skip);
    expect(skipped.map((b) => b.section)).toEqual(expect.arrayContaining(['Quick start', 'Steps']));
    for (const block of skipped)
      expect(block.skip!.length, `the reason for skipping line ${block.line}`).toBeGreaterThan(10);
  });

  it('shows the banner npm start prints, line for line', () => {
    const documented = /`npm start` prints what runs where:\n\n```\n([\s\S]*?)```/.exec(README)![1]!;
    const labels = (text: string) =>
      text
        .split('\n')
        .map((l) => /^ {2}(\w[\w ]*?) {2,}/.exec(l)?.[1])
        .filter(Boolean);
    expect(labels(documented)).toEqual(labels(banner));
    expect(documented.split('\n')[0]).toMatch(/^Lifeboat is running locally for "Acme Cloud"/);
    expect(banner.split('\n').at(-2)).toBe(documented.trimEnd().split('\n').at(-1));
  });

  for (const block of blocks.filter((b) => !b.skip)) {
    it(`runs the block at line ${block.line} (${block.section}) as written`, async () => {
      const { code, output } = await runBlock(block.code);
      expect(code, `README.md line ${block.line} failed:\n${block.code}\n---\n${output}`).toBe(0);
      // A refusal can come back with status 200 (Slack) or inside JSON: none is expected here.
      expect(output).not.toMatch(/urn:lifeboat:problem|unknown component|unknown impact|Error \d{3}/);
    }, 130_000);
  }

  it('answers the old mistake, JSON sent as a form, with a 415 that names Content-Type', async () => {
    const response = await fetch(`${url}/v1/incidents`, {
      method: 'POST',
      headers: { authorization: 'Bearer lifeboat-local-key', 'content-type': 'application/x-www-form-urlencoded' },
      body: '{"name": "API errors", "impact": "major"}',
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as { detail: string; errors: { field: string }[] };
    expect(problem.errors).toEqual([{ field: 'Content-Type', message: 'must be application/json for a JSON body' }]);
    expect(problem.detail).toContain('Content-Type: application/json');
  });
});
