import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../lambdas/core/api-key';
import { LOCAL_PEPPER, LOCAL_TABLE_NAME } from '../../lambdas/local/local-service';
import { testConfig } from '../support/config';
import { READ_KEY, startTestService, type TestService, WRITE_KEY } from '../support/local-service';

const CLI = fileURLToPath(new URL('../../bin/lifeboat.js', import.meta.url));
const execFileAsync = promisify(execFile);

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service?.close());

/** Runs the real CLI in a child process, as on-call would. */
async function lifeboat(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [CLI, ...args], {
      env: { ...process.env, LIFEBOAT_URL: service.url, LIFEBOAT_API_KEY: WRITE_KEY, NO_COLOR: '1', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the lifeboat CLI', () => {
  it('declares, updates and resolves an outage against a running server', async () => {
    const declared = await lifeboat([
      'declare',
      'Payments',
      'failing',
      '--impact',
      'critical',
      '-c',
      'api=major_outage',
      '-m',
      'Card payments fail',
    ]);
    expect(declared.code).toBe(0);
    const id = /Declared incident (\w+)/.exec(declared.stdout)?.[1];
    expect(id).toBeDefined();
    expect(declared.stdout).toContain('Payments failing');
    expect(declared.stdout).toContain('api (major_outage)');

    const updated = await lifeboat([
      'update',
      id!,
      '--status',
      'monitoring',
      '-m',
      'Processor switched',
      '-c',
      'api=degraded_performance',
    ]);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain('monitoring: Processor switched');

    const status = await lifeboat(['status']);
    expect(status.stdout).toContain('Major Service Outage');
    expect(status.stdout).toMatch(/api\s+degraded_performance/);

    const resolved = await lifeboat(['resolve', id!, '-m', 'All payments flowing']);
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toContain('status resolved');

    const stored = await (await service.call('GET', `/v1/incidents/${id}`)).json();
    expect(stored.updates.map((u: { status: string }) => u.status)).toEqual([
      'investigating',
      'monitoring',
      'resolved',
    ]);
    expect(stored.declaredBy).toEqual({ channel: 'cli', name: 'on-call' });
    expect((await lifeboat(['status'])).stdout).toContain('All Systems Operational');
  });

  it('schedules, lists, reschedules, updates and cancels a maintenance', async () => {
    const scheduled = await lifeboat([
      'maintenance',
      'schedule',
      'Database',
      'upgrade',
      '--from',
      '+2h',
      '--until',
      '+3h',
      '-c',
      'db',
      '-m',
      'Writes pause briefly',
    ]);
    expect(scheduled.code).toBe(0);
    const id = /Scheduled maintenance (\w+)/.exec(scheduled.stdout)?.[1];
    expect(id).toBeDefined();
    expect(scheduled.stdout).toContain('Database upgrade  scheduled');
    expect(scheduled.stdout).toContain('scheduled: Writes pause briefly');
    const listed = await lifeboat(['maintenance', 'list']);
    expect(listed.stdout).toContain(id);
    expect((await lifeboat(['status'])).stdout).toMatch(
      new RegExp(`Maintenance\\n  Database upgrade  scheduled  .*db  ${id}`),
    );
    const moved = await lifeboat(['maintenance', 'reschedule', id!, '--from', '+4h', '--until', '+5h']);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain('scheduled: This maintenance has been rescheduled.');
    const said = await lifeboat(['maintenance', 'update', id!, '-m', 'Now with a replica']);
    expect(said.stdout).toContain('scheduled: Now with a replica');
    const cancelled = await lifeboat(['maintenance', 'cancel', id!, '-m', 'Not needed']);
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toContain('cancelled: Not needed');
    expect((await lifeboat(['status'])).stdout).not.toContain('Database upgrade');
    const again = await lifeboat(['maintenance', 'cancel', id!]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Error 409');
    expect((await lifeboat(['maintenance', 'schedule', 'No window'])).code).toBe(2);
  });

  it('publishes and edits a postmortem from a Markdown file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lifeboat-pm-'));
    const file = join(dir, 'pm.md');
    const incident = await (
      await service.call('POST', '/v1/incidents', { body: { name: 'Disk full', impact: 'minor' } })
    ).json();
    await writeFile(file, '# Root cause\n\nA log file filled the disk.\n');
    const early = await lifeboat(['incident', 'postmortem', incident.id, '--file', file]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('resolve it first');

    await service.call('POST', `/v1/incidents/${incident.id}/resolve`, { body: {} });
    const published = await lifeboat(['incident', 'postmortem', incident.id, '--file', file, '--notify']);
    expect(published.code).toBe(0);
    expect(published.stdout).toContain(`Postmortem of incident ${incident.id}: revision 1`);
    expect(published.stdout).toContain('status postmortem');
    await writeFile(file, '# Root cause\n\nA debug log filled the disk.\n');
    const edited = await lifeboat(['incident', 'postmortem', incident.id, '--file', file]);
    expect(edited.stdout).toContain('revision 2');
    const stored = await (await service.call('GET', `/v1/incidents/${incident.id}`)).json();
    expect(stored.postmortem).toMatchObject({
      body: '# Root cause\n\nA debug log filled the disk.',
      revision: 2,
      notifiedRevision: 1,
      author: { channel: 'cli', name: 'on-call' },
    });
    expect((await lifeboat(['incident', 'postmortem', incident.id])).code).toBe(2);
    expect((await lifeboat(['incident', 'postmortem', incident.id, '--file', join(dir, 'nope.md')])).code).toBe(2);
    await rm(dir, { recursive: true });
  });

  it('prints the plan of an incident as a dry run', async () => {
    const incident = await (
      await service.call('POST', '/v1/incidents', { body: { name: 'Dry run', impact: 'minor' } })
    ).json();
    const { code, stdout } = await lifeboat(['plan', '--dry-run', incident.id]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Dry run \(minor, investigating\): \d+ message\(s\) would be sent/);
    expect((await lifeboat(['plan', incident.id])).code).toBe(2);
    await service.call('POST', `/v1/incidents/${incident.id}/resolve`, { body: {} });
  });

  it('prints JSON with --json', async () => {
    const { code, stdout } = await lifeboat(['components', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).components.map((c: { id: string }) => c.id)).toEqual(['api', 'db', 'web', 'email']);
  });

  it('sets a component status', async () => {
    const { code, stdout } = await lifeboat(['components', 'set', 'db', 'under_maintenance']);
    expect(code).toBe(0);
    expect(stdout).toContain('now shows under_maintenance');
    await lifeboat(['components', 'set', 'db', 'operational']);
  });

  it('exits 1 and explains when the API refuses', async () => {
    const refused = await lifeboat(['declare', 'X', '--impact', 'major', '-c', 'nope=major_outage']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Error 422');
    expect(refused.stderr).toContain('components.nope');

    const readOnly = await lifeboat(['declare', 'X', '--impact', 'major'], { LIFEBOAT_API_KEY: READ_KEY });
    expect(readOnly.code).toBe(1);
    expect(readOnly.stderr).toContain('Error 403');
  });

  it('exits 1 and says what to do when the API cannot be reached', async () => {
    const { code, stderr } = await lifeboat(['status', '--url', 'http://127.0.0.1:9']);
    expect(code).toBe(1);
    expect(stderr).toContain('Cannot reach Lifeboat at http://127.0.0.1:9');
    expect(stderr).toContain('LIFEBOAT_URL');
  });

  it('issues an API key whose hash alone is stored, and which works with its scope', async () => {
    const created = await lifeboat(
      [
        'keys',
        'create',
        '--name',
        'grafana',
        '--scope',
        'read',
        '--table',
        LOCAL_TABLE_NAME,
        '--pepper',
        LOCAL_PEPPER,
        '--endpoint',
        service.dynamoDbEndpoint,
        '--region',
        'us-east-1',
      ],
      { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
    );
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^lb_[\w-]{43}$/);
    expect(created.stderr).toContain('shown only this once');

    const stored = await service.stores.apiKeys.findByHash(hashApiKey(key, LOCAL_PEPPER));
    expect(stored).toMatchObject({ name: 'grafana', scope: 'read' });
    expect(JSON.stringify(stored)).not.toContain(key);

    expect((await service.call('GET', '/v1/status', { key })).status).toBe(200);
    expect((await service.call('POST', '/v1/incidents', { key, body: { name: 'x', impact: 'minor' } })).status).toBe(
      403,
    );
  });

  it('exits 2 on wrong usage', async () => {
    expect((await lifeboat(['declare', 'No impact'])).code).toBe(2);
    expect((await lifeboat(['update', 'abc', '--status', 'identified'])).code).toBe(2);
    expect((await lifeboat(['frobnicate'])).code).toBe(2);
    expect((await lifeboat(['keys', 'create', '--name', 'x', '--scope', 'admin'])).code).toBe(2);
    expect((await lifeboat(['declare', 'x', '--impact', 'minor', '-c', 'api'])).stderr).toContain(
      '<component-id>=<status>',
    );
  });

  it('says in one line that a file to import cannot be read, with exit status 2', async () => {
    const { code, stderr } = await lifeboat(['subscribers', 'import', 'missing.csv']);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('Cannot read missing.csv: no such file');
  });

  it('prints the two headers that sign a Slack request, which the server accepts', async () => {
    const slackService = await startTestService({
      config: { ...testConfig, slack: { teamId: 'T0LOCAL', allowedChannelIds: [] } },
      slackSigningSecret: 'cli-test-secret',
    });
    try {
      const body =
        'team_id=T0LOCAL&channel_id=C1&user_id=U1&text=help&response_url=https%3A%2F%2Fhooks.slack.example%2Fx&trigger_id=t1';
      const { code, stdout } = await lifeboat(['slack', 'sign', body], {
        LIFEBOAT_SLACK_SIGNING_SECRET: 'cli-test-secret',
      });
      expect(code).toBe(0);
      const headers = Object.fromEntries([...stdout.matchAll(/-H ([\w-]+):(\S+)/g)].map((m) => [m[1]!, m[2]!]));
      expect(Object.keys(headers).sort()).toEqual(['x-slack-request-timestamp', 'x-slack-signature']);
      const answer = await fetch(`${slackService.url}/v1/slack/commands`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { text: string }).text).toContain('/outage declare');
    } finally {
      await slackService.close();
    }
  });
});

describe('times in the CLI', () => {
  it('are shown in the page time zone, as the page shows them', async () => {
    const tokyo = await startTestService({
      config: { ...testConfig, page: { ...testConfig.page, timeZone: 'Asia/Tokyo' } },
    });
    try {
      const incident = await (
        await tokyo.call('POST', '/v1/incidents', { body: { name: 'Late night', impact: 'minor' } })
      ).json();
      const { code, stdout } = await lifeboat(['show', incident.id], { LIFEBOAT_URL: tokyo.url });
      expect(code).toBe(0);
      const started = new Date(incident.startedAt);
      const inTokyo = new Date(started.getTime() + 9 * 3600_000).toISOString();
      expect(stdout).toContain(`started ${inTokyo.slice(0, 10)} ${inTokyo.slice(11, 19)} GMT+9`);
      expect(stdout).not.toContain(' UTC');
    } finally {
      await tokyo.close();
    }
  });
});
