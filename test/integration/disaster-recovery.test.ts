import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../lambdas/adapters/aws/s3-client';
import { countTable } from '../../lambdas/cli/table-snapshot';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type RunningEmulator,
  S3RVER_CREDENTIALS,
  startS3,
} from '../../lambdas/local/emulators';
import { LOCAL_TABLE_NAME } from '../../lambdas/local/local-service';
import { startTestService, type TestService } from '../support/local-service';

const CLI = fileURLToPath(new URL('../../bin/lifeboat.js', import.meta.url));

let service: TestService;
let replica: RunningEmulator;
let dir: string;
let db: DynamoDBClient;
beforeAll(async () => {
  [service, replica] = await Promise.all([startTestService(), startS3({ buckets: ['page-replica'] })]);
  dir = await mkdtemp(join(tmpdir(), 'lifeboat-dr-'));
  db = new DynamoDBClient({ endpoint: service.dynamoDbEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });

  // What a table holds after a while: incidents (one with several updates), subscribers, keys.
  const declared = await (
    await service.call('POST', '/v1/incidents', { body: { name: 'Search is slow', impact: 'minor' } })
  ).json();
  await service.call('POST', `/v1/incidents/${declared.id}/updates`, {
    body: { status: 'identified', body: 'An index rebuild.' },
  });
  await service.call('POST', `/v1/incidents/${declared.id}/resolve`, { body: { body: 'Rebuilt.' } });
  await service.call('POST', '/v1/incidents', {
    body: { name: 'Login failures', impact: 'major', components: { api: 'partial_outage' } },
  });
  for (const [i, email] of ['ada@example.com', 'grace@example.com', 'alan@example.com'].entries()) {
    const response = await service.call('POST', '/v1/subscriptions', {
      key: null,
      body: { email },
      headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
    });
    expect(response.status).toBeLessThan(300);
  }
  await service.site.idle();
});
afterAll(async () => {
  db?.destroy();
  await Promise.all([service?.close(), replica?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the real CLI in a child process, with the credentials s3rver takes (dynalite takes any). */
async function lifeboat(args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      env: {
        ...process.env,
        NO_COLOR: '1',
        AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
        AWS_REGION: LOCAL_REGION,
        LIFEBOAT_DYNAMODB_ENDPOINT: service.dynamoDbEndpoint,
        LIFEBOAT_S3_ENDPOINT: replica.endpoint,
      },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function replicaObject(key: string): Promise<string> {
  const s3 = createS3Client({
    endpoint: replica.endpoint,
    region: LOCAL_REGION,
    credentials: S3RVER_CREDENTIALS,
    forcePathStyle: true,
  });
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: 'page-replica', Key: key }));
    return await object.Body!.transformToString();
  } finally {
    s3.destroy();
  }
}

describe('the restore drill, against dynalite', () => {
  const exportFile = () => join(dir, 'lifeboat.jsonl');
  let before: Awaited<ReturnType<typeof countTable>>;

  it('exports every item of the table', async () => {
    before = await countTable(db, LOCAL_TABLE_NAME);
    expect(before).toMatchObject({ incidents: 2, subscribers: 3, apiKeys: 2 });
    const { code, stdout } = await lifeboat(['table', 'export', '--table', LOCAL_TABLE_NAME, '-o', exportFile()]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Exported ${before.items} item(s)`);
    expect((await readFile(exportFile(), 'utf8')).trim().split('\n')).toHaveLength(before.items);
    // Subscribers' addresses and key hashes: the owner's alone, and never written over.
    expect((await stat(exportFile())).mode & 0o777).toBe(0o600);
    expect((await lifeboat(['table', 'export', '--table', LOCAL_TABLE_NAME, '-o', exportFile()])).code).toBe(1);
  });

  it('restores the export into a new table and finds everything there', async () => {
    const { code, stdout } = await lifeboat(['restore-drill', '--from-export', exportFile(), '--to', 'lifeboat-drill']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/incidents\s+2\s+2\s+ok/);
    expect(stdout).toMatch(/subscribers\s+3\s+3\s+ok/);
    expect(stdout).toMatch(/apiKeys\s+2\s+2\s+ok/);
    expect(stdout).toContain('The restore holds everything the source held.');
    expect(stdout).toContain(
      'npx cdk deploy LifeboatService -c lifeboat:tableName=lifeboat-drill -c lifeboat:tableStreamArn=',
    );
    expect(await countTable(db, 'lifeboat-drill')).toEqual(before);
  });

  it('refuses to restore into a table that exists', async () => {
    const { code, stderr } = await lifeboat(['restore-drill', '--from-export', exportFile(), '--to', LOCAL_TABLE_NAME]);
    expect(code).toBe(2);
    expect(stderr).toContain('a drill restores into a new table');
  });

  it('fails, saying where, on an export that is not one', async () => {
    const broken = join(dir, 'broken.jsonl');
    await writeFile(
      broken,
      `${(await readFile(exportFile(), 'utf8')).split('\n')[0]}\n{"Item": {"name": {"S": "x"}}}\n`,
    );
    const { code, stderr } = await lifeboat(['restore-drill', '--from-export', broken, '--to', 'lifeboat-broken']);
    expect(code).toBe(1);
    expect(stderr).toContain(`${broken}:2 is not an item of a Lifeboat table`);
  });

  it('brings the service back after its table is wiped: import the export, and the API answers as before', async () => {
    const listed = async () =>
      (await (await service.call('GET', '/v1/incidents')).json()).incidents.map((i: { name: string }) => i.name).sort();
    const names = await listed();
    await db.send(new DeleteTableCommand({ TableName: LOCAL_TABLE_NAME }));
    expect((await service.call('GET', '/v1/incidents')).status).toBe(500);

    const { code, stdout } = await lifeboat([
      'table',
      'import',
      '--table',
      LOCAL_TABLE_NAME,
      '--from-export',
      exportFile(),
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('2 incident(s), 3 subscriber(s), 2 API key(s)');
    expect(await countTable(db, LOCAL_TABLE_NAME)).toEqual(before);
    expect(await listed()).toEqual(names);
  });
});

describe('lifeboat page publish, with the primary region gone', () => {
  it('renders the page from an export and publishes it straight to the replica bucket', async () => {
    const { code, stdout, stderr } = await lifeboat([
      'page',
      'publish',
      '--to',
      'page-replica',
      '--from-export',
      join(dir, 'lifeboat.jsonl'),
      '--outage-message',
      'Our status service itself is failing over; updates continue here.',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Published the status page to page-replica: \d+ file\(s\) uploaded/);

    const index = await replicaObject('index.html');
    expect(index).toContain('Login failures');
    expect(index).toContain('Partial System Outage');
    // No API to post to: the subscribe form is left out unless --api-url is given.
    expect(index).not.toContain('<form');
    const summary = JSON.parse(await replicaObject('api/v2/summary.json'));
    expect(summary.incidents.map((i: { name: string }) => i.name)).toEqual(['Login failures']);
    expect(await replicaObject('history.atom')).toContain('Search is slow');
    expect(await replicaObject('outage/index.html')).toContain('updates continue here');
  });

  it("renders from a table (the recovery region's, or a restored one) and uploads only what changed", async () => {
    await service.call('POST', '/v1/incidents', { body: { name: 'Webhooks delayed', impact: 'minor' } });
    const { code, stdout } = await lifeboat(['page', 'publish', '--to', 'page-replica', '--table', LOCAL_TABLE_NAME]);
    expect(code).toBe(0);
    const uploaded = Number(/(\d+) file\(s\) uploaded, (\d+) unchanged/.exec(stdout)![1]);
    expect(uploaded).toBeGreaterThan(0);
    expect(Number(/(\d+) unchanged/.exec(stdout)![1])).toBeGreaterThan(0);
    expect(await replicaObject('index.html')).toContain('Webhooks delayed');
  });

  it('shows an update on the page from an export, while sending nothing and changing no table', async () => {
    const login = (await (await service.call('GET', '/v1/incidents?status=open')).json()).incidents.find(
      (i: { name: string }) => i.name === 'Login failures',
    );
    const fresh = join(dir, 'fresh.jsonl');
    expect((await lifeboat(['table', 'export', '--table', LOCAL_TABLE_NAME, '-o', fresh])).code).toBe(0);
    const published = await lifeboat([
      'page',
      'publish',
      '--to',
      'page-replica',
      '--from-export',
      fresh,
      '--update',
      login.id,
      '--status',
      'identified',
      '-m',
      'Sessions fail after the certificate rotation; rolling back.',
    ]);
    expect(published.stderr).toBe('');
    expect(published.code).toBe(0);
    expect(await replicaObject(`incidents/${login.id}/index.html`)).toContain('rolling back');
    expect(
      JSON.parse(await replicaObject('api/v2/incidents.json')).incidents.find((i: { id: string }) => i.id === login.id),
    ).toMatchObject({
      status: 'identified',
    });
    // The service's own table never saw it: it is posted through the API once the region is back.
    const stored = await (await service.call('GET', `/v1/incidents/${login.id}`)).json();
    expect(stored.status).toBe('investigating');

    const onTable = await lifeboat([
      'page',
      'publish',
      '--to',
      'page-replica',
      '--table',
      LOCAL_TABLE_NAME,
      '--update',
      login.id,
      '--status',
      'identified',
      '-m',
      'x',
    ]);
    expect(onTable.code).toBe(1);
    expect(onTable.stderr).toContain('applied to an export only');
    const invalid = await lifeboat([
      'page',
      'publish',
      '--to',
      'page-replica',
      '--from-export',
      fresh,
      '--update',
      login.id,
      '--status',
      'fixed',
      '-m',
      'x',
    ]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('status');
  });

  it('says what went wrong when the bucket is not there', async () => {
    const { code, stderr } = await lifeboat(['page', 'publish', '--to', 'no-such-bucket', '--table', LOCAL_TABLE_NAME]);
    expect(code).toBe(1);
    expect(stderr).toContain('lifeboat page failed');
    expect(stderr).toMatch(/bucket/i);
  });
});
