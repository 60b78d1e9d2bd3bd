import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../lambdas/adapters/aws/dynamodb/client';
import type { Incident } from '../../lambdas/core/incident';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lambdas/local/emulators';
import { LOCAL_TABLE_NAME } from '../../lambdas/local/local-service';
import { startTestService, type TestService } from '../support/local-service';

let service: TestService;
let db: ReturnType<typeof createDocumentClient>;
beforeAll(async () => {
  service = await startTestService();
  db = createDocumentClient({
    endpoint: service.dynamoDbEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
});
afterAll(async () => {
  db?.destroy();
  await service?.close();
});

/** Close to the 5,000-character limit, and about 6.6 KB in UTF-8: accents take 2 bytes, the emoji 4. */
const longBody = (n: number) => `Update ${n}: ${'Réseau 🚒 dégradé '.repeat(277)}`.trim();

const headerOf = async (id: string) =>
  (
    await db.send(
      new GetCommand({ TableName: LOCAL_TABLE_NAME, Key: { pk: `INCIDENT#${id}`, sk: '#' }, ConsistentRead: true }),
    )
  ).Item!;

async function waitForJson(path: string, ok: (json: any) => boolean, ms = 20_000): Promise<any> {
  const started = Date.now();
  for (;;) {
    const response = await fetch(`${service.url}${path}`);
    // s3rver rewrites a file in place while the site is republished, so a read can catch half of
    // it (S3 replaces objects whole): that is "not yet", like an older version.
    const json = response.ok ? await response.json().catch(() => undefined) : undefined;
    if (json && ok(json)) return json;
    if (Date.now() - started > ms) throw new Error(`${path} did not show the change within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('an incident with many long updates (#11)', () => {
  it('takes 80 updates of ~5,000 characters, then another update and a resolve, and its item stays small', async () => {
    const declared = await service.call('POST', '/v1/incidents', {
      body: { name: 'Long outage', impact: 'critical', body: longBody(0), components: { api: 'major_outage' } },
    });
    expect(declared.status).toBe(201);
    const { id } = await declared.json();
    for (let n = 1; n <= 80; n++) {
      const response = await service.call('POST', `/v1/incidents/${id}/updates`, {
        body: { status: 'investigating', body: longBody(n) },
      });
      expect(response.status, `update ${n}`).toBe(200);
    }
    // Well past what one 400 KB item could hold.
    expect(81 * Buffer.byteLength(longBody(80))).toBeGreaterThan(500_000);

    const update = await service.call('POST', `/v1/incidents/${id}/updates`, {
      body: { status: 'monitoring', body: 'Fix deployed' },
    });
    expect(update.status).toBe(200);
    const resolved = await service.call('POST', `/v1/incidents/${id}/resolve`, { body: {} });
    expect(resolved.status).toBe(200);

    const stored = await (await service.call('GET', `/v1/incidents/${id}`)).json();
    expect(stored).toMatchObject({ status: 'resolved', version: 83 });
    expect(stored.updates).toHaveLength(83);
    expect(stored.updates.map((u: { body: string }) => u.body).slice(0, 81)).toEqual(
      Array.from({ length: 81 }, (_, n) => longBody(n)),
    );
    expect(stored.updates.slice(81).map((u: { status: string }) => u.status)).toEqual(['monitoring', 'resolved']);

    // The incident's own item (outbox included) holds no update text.
    const header = await headerOf(id);
    expect(JSON.stringify(header).length).toBeLessThan(40_000);
    expect(header.incident).not.toHaveProperty('updates');

    // Events carry the announced update's text only.
    await service.events.idle();
    const events = service.published.filter((e) => 'incident' in e && e.incident.id === id);
    // Delivery is at least once: count the distinct events.
    expect(new Set(events.map((e) => e.id)).size).toBe(83);
    for (const event of events) expect(JSON.stringify(event).length).toBeLessThan(20_000);

    const page = await waitForJson('/api/v2/incidents.json', (json) =>
      json.incidents.some((i: { id: string; status: string }) => i.id === id && i.status === 'resolved'),
    );
    const shown = page.incidents.find((i: { id: string }) => i.id === id);
    expect(shown.incident_updates).toHaveLength(83);
    expect(shown.incident_updates.at(-1).body).toBe(longBody(0));
    const status = await waitForJson('/api/v2/status.json', (json) => json.status.indicator === 'none');
    expect(status.status.description).toBe('All Systems Operational');
  }, 120_000);

  it('keeps the incident item small while its events wait for a stopped relay, and relays them whole', async () => {
    const own = await startTestService({ relayPollMs: 0 });
    const ownDb = createDocumentClient({
      endpoint: own.dynamoDbEndpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    try {
      const { id } = await (
        await own.call('POST', '/v1/incidents', { body: { name: 'Relay down', impact: 'minor', body: longBody(0) } })
      ).json();
      for (let n = 1; n <= 80; n++) {
        expect(
          (await own.call('POST', `/v1/incidents/${id}/updates`, { body: { status: 'identified', body: longBody(n) } }))
            .status,
        ).toBe(200);
      }
      expect((await own.call('POST', `/v1/incidents/${id}/resolve`, { body: {} })).status).toBe(200);
      const { Item } = await ownDb.send(
        new GetCommand({ TableName: LOCAL_TABLE_NAME, Key: { pk: `INCIDENT#${id}`, sk: '#' }, ConsistentRead: true }),
      );
      // 82 events wait, each without its update's text (about 1 KB each).
      expect(Object.keys(Item!.outbox)).toHaveLength(82);
      expect(JSON.stringify(Item).length).toBeLessThan(150_000);

      await own.relay.drain({ limit: 10 });
      await own.events.idle();
      const bodies = new Map(
        own.published.flatMap((e) => ('update' in e && e.incident.id === id ? [[e.update.id, e.update.body]] : [])),
      );
      const stored = await (await own.call('GET', `/v1/incidents/${id}`)).json();
      expect(stored.updates).toHaveLength(82);
      for (const update of stored.updates) expect(bodies.get(update.id)).toBe(update.body);
    } finally {
      ownDb.destroy();
      await own.close();
    }
  }, 120_000);

  it('reads exactly the committed updates when concurrent updates lose races and retry', async () => {
    const { id } = await (
      await service.call('POST', '/v1/incidents', { body: { name: 'Busy', impact: 'minor' } })
    ).json();
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        service.call('POST', `/v1/incidents/${id}/updates`, { body: { status: 'investigating', body: `Racing ${i}` } }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: LOCAL_TABLE_NAME,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `INCIDENT#${id}` },
        ConsistentRead: true,
      }),
    );
    // A write that lost its race leaves its update item behind (no role may delete): never read.
    expect(Items.filter((item) => String(item.sk).startsWith('UPDATE#')).length).toBeGreaterThanOrEqual(11);
    const { updates } = await (await service.call('GET', `/v1/incidents/${id}`)).json();
    expect(updates).toHaveLength(11);
    expect(
      updates
        .slice(1)
        .map((u: { body: string }) => u.body)
        .sort(),
    ).toEqual(Array.from({ length: 10 }, (_, i) => `Racing ${i}`).sort());
    await service.call('POST', `/v1/incidents/${id}/resolve`, { body: {} });
  });

  it('reads an incident written before updates had items of their own, and moves its updates out on the next change', async () => {
    const now = new Date().toISOString();
    const actor: Incident['declaredBy'] = { channel: 'api', name: 'on-call' };
    const legacy: Incident = {
      id: 'legacyincident01',
      name: 'Old outage',
      impact: 'minor',
      status: 'investigating',
      components: { web: 'degraded_performance' },
      updates: [
        {
          id: 'legacyupdate01',
          status: 'investigating',
          body: 'Looking into it é🚒',
          author: actor,
          createdAt: now,
          componentChanges: [],
        },
        {
          id: 'legacyupdate02',
          status: 'identified',
          body: 'Found it',
          author: actor,
          createdAt: now,
          componentChanges: [],
        },
      ],
      createdAt: now,
      updatedAt: now,
      startedAt: now,
      identifiedAt: now,
      monitoringAt: null,
      resolvedAt: null,
      declaredBy: actor,
      version: 2,
    };
    await db.send(
      new PutCommand({
        TableName: LOCAL_TABLE_NAME,
        Item: {
          pk: `INCIDENT#${legacy.id}`,
          sk: '#',
          gsi1pk: 'INCIDENTS',
          gsi1sk: `${now}#${legacy.id}`,
          openPk: 'OPEN',
          version: 2,
          incident: legacy,
          outbox: {},
        },
      }),
    );

    const read = await (await service.call('GET', `/v1/incidents/${legacy.id}`)).json();
    expect(read.updates.map((u: { body: string }) => u.body)).toEqual(['Looking into it é🚒', 'Found it']);
    const open = await (await service.call('GET', '/v1/incidents?status=open')).json();
    expect(open.incidents.find((i: { id: string }) => i.id === legacy.id).updates).toHaveLength(2);

    expect(
      (
        await service.call('POST', `/v1/incidents/${legacy.id}/updates`, {
          body: { status: 'monitoring', body: 'Fix out' },
        })
      ).status,
    ).toBe(200);
    const header = await headerOf(legacy.id);
    expect(header.incident).not.toHaveProperty('updates');
    const after = await (await service.call('GET', `/v1/incidents/${legacy.id}`)).json();
    expect(after.updates.map((u: { body: string }) => u.body)).toEqual(['Looking into it é🚒', 'Found it', 'Fix out']);
    expect((await service.call('POST', `/v1/incidents/${legacy.id}/resolve`, { body: {} })).status).toBe(200);
    const listed = await (await service.call('GET', '/v1/incidents')).json();
    expect(listed.incidents.find((i: { id: string }) => i.id === legacy.id)).toMatchObject({ status: 'resolved' });
    expect(listed.incidents.find((i: { id: string }) => i.id === legacy.id).updates).toHaveLength(4);
  });
});
