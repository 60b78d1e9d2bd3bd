import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSubscribersCsv } from '../../lambdas/cli/subscribers-csv';
import { startTestService, type TestService, WRITE_KEY } from '../support/local-service';
import { messagesTo } from '../support/outbox';

const CLI = fileURLToPath(new URL('../../bin/lifeboat.js', import.meta.url));
let service: TestService;
let dir: string;
beforeAll(async () => {
  service = await startTestService();
  dir = await mkdtemp(join(tmpdir(), 'lifeboat-import-'));
});
afterAll(async () => {
  await service?.close();
  await rm(dir, { recursive: true, force: true });
});

async function lifeboat(args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      env: { ...process.env, LIFEBOAT_URL: service.url, LIFEBOAT_API_KEY: WRITE_KEY, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    return error as { code: number; stdout: string; stderr: string };
  }
}

const subscribers = async () =>
  (await (await service.call('GET', '/v1/subscribers?limit=1000')).json()).subscribers as {
    channel: string;
    address: string;
    state: string;
    components: string[] | null;
    consent: { method: string }[];
  }[];

describe('importing subscribers from CSV', () => {
  it('reads the Statuspage template, reports a malformed row by its line, and imports the rest', async () => {
    const file = join(dir, 'statuspage.csv');
    await writeFile(
      file,
      [
        'email,kept-confirmed@example.com,yes',
        'email,needs-confirming@example.com,no',
        'email,not-an-email,yes',
        'sms,612345681,FR',
        'webhook,https://hooks.example.com/imported',
        'fax,12345,no',
      ].join('\n'),
    );
    const result = await lifeboat(['subscribers', 'import', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Imported 3 new and updated 0 existing subscribers');
    expect(result.stderr).toContain('line 3: address: not a valid email address');
    expect(result.stderr).toContain('line 4: confirmed:');
    expect(result.stderr).toContain('line 6: type: unknown subscriber type "fax"');
    expect(result.stderr).toMatch(/Importing: 5\/5/);

    const all = await subscribers();
    expect(all.find((s) => s.address === 'kept-confirmed@example.com')).toMatchObject({
      state: 'confirmed',
      consent: [{ method: 'import' }],
    });
    expect(all.find((s) => s.address === 'needs-confirming@example.com')).toMatchObject({ state: 'pending' });
    expect(all.find((s) => s.address === 'not-an-email')).toBeUndefined();
    // Only the subscriber the file did not mark as confirmed is asked to confirm.
    expect(await messagesTo(service, 'needs-confirming@example.com')).toHaveLength(1);
    expect(await messagesTo(service, 'kept-confirmed@example.com')).toHaveLength(0);
  });

  it('reads an export with a header row, components and phone countries', async () => {
    const file = join(dir, 'export.csv');
    await writeFile(
      file,
      [
        'Mode,Email,Phone Number,Phone Country,Components,Confirmed',
        'email,ops@example.com,,,api;db,yes',
        'sms,,612345682,FR,web,yes',
        'email,unknown-component@example.com,,,nope,yes',
      ].join('\n'),
    );
    const result = await lifeboat(['subscribers', 'import', file]);
    expect(result.stderr).toContain('line 4: components.nope: no component with this id');
    const all = await subscribers();
    expect(all.find((s) => s.address === 'ops@example.com')).toMatchObject({
      state: 'confirmed',
      components: ['api', 'db'],
    });
    expect(all.find((s) => s.address === '+33612345682')).toMatchObject({
      channel: 'sms',
      state: 'confirmed',
      components: ['web'],
    });
  });

  it('exports to a CSV that imports back as it was', async () => {
    const out = join(dir, 'lifeboat-export.csv');
    const exported = await lifeboat(['subscribers', 'export', '--output', out]);
    expect(exported.code).toBe(0);
    const reading = readSubscribersCsv(await readFile(out, 'utf8'));
    expect(reading.errors).toEqual([]);
    expect(reading.rows.find((r) => r.address === 'ops@example.com')).toMatchObject({
      channel: 'email',
      confirmed: true,
      components: ['api', 'db'],
    });
    expect(reading.rows.find((r) => r.address === 'needs-confirming@example.com')).toMatchObject({ confirmed: false });
  });

  it('reports a row with a stray quote by its line and imports the rest; sms rows go in with --sms-confirmed-in-statuspage', async () => {
    const file = join(dir, 'broken-quote.csv');
    await writeFile(
      file,
      [
        'email,before-quote@example.com,yes',
        'email,"broken"quote@example.com,yes',
        'email,after-quote@example.com,yes',
        'sms,612345683,FR',
      ].join('\n'),
    );
    const without = await lifeboat(['subscribers', 'import', file]);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('line 2: csv: not readable as CSV (a quote is misplaced)');
    expect(without.stderr).toContain('line 4: confirmed: SMS opt-in must already be confirmed');
    expect(without.stderr).toContain('--sms-confirmed-in-statuspage');
    expect(without.stderr).not.toMatch(/\n\s+at /); // no stack trace

    const flagged = await lifeboat(['subscribers', 'import', file, '--sms-confirmed-in-statuspage']);
    expect(flagged.stdout).toContain('Imported 1 new and updated 2 existing subscribers');
    const all = await subscribers();
    expect(all.find((s) => s.address === 'after-quote@example.com')).toMatchObject({ state: 'confirmed' });
    expect(all.find((s) => s.address === '+33612345683')).toMatchObject({ channel: 'sms', state: 'confirmed' });
  });

  it('leaves out people who unsubscribed when reading an export', () => {
    const reading = readSubscribersCsv(
      'type,address,state\nemail,gone@example.com,unsubscribed\nemail,here@example.com,confirmed\n',
    );
    expect(reading.skipped).toBe(1);
    expect(reading.rows).toEqual([
      { line: 3, channel: 'email', address: 'here@example.com', components: null, confirmed: true },
    ]);
  });
});
