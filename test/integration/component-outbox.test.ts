import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../lambdas/adapters/aws/dynamodb/client';
import type { ComponentStatusChanged } from '../../lambdas/core/events';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lambdas/local/emulators';
import { LOCAL_TABLE_NAME } from '../../lambdas/local/local-service';
import { startTestService, type TestService } from '../support/local-service';

/**
 * A component's status, changed by hand or by a signal (an alert, a probe, a maintenance window),
 * and the event that rebuilds the page are one write: the event waits in the component's item
 * until the relay passes it on. With the relay stopped, as after a crash between the write and a
 * publish, nothing is published, yet nothing is lost.
 */
let service: TestService;
let db: ReturnType<typeof createDocumentClient>;

beforeAll(async () => {
  service = await startTestService({ relayPollMs: 0 });
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

const componentItem = async (id: string) =>
  (
    await db.send(
      new GetCommand({ TableName: LOCAL_TABLE_NAME, Key: { pk: `COMPONENT#${id}`, sk: '#' }, ConsistentRead: true }),
    )
  ).Item;

const statusChanges = (componentId: string) =>
  service.published.filter(
    (event): event is ComponentStatusChanged =>
      event.type === 'component.status_changed' && event.componentId === componentId,
  );

async function relay() {
  await service.relay.drain({ limit: 10 });
  await service.events.idle();
}

describe('component status changes go through the outbox', () => {
  it('keeps a status set by hand waiting in the component item until the relay runs, then publishes it once', async () => {
    const response = await service.call('PATCH', '/v1/components/web', { body: { status: 'partial_outage' } });
    expect(response.status).toBe(200);

    const waiting = Object.values((await componentItem('web'))?.outbox ?? {}) as { event: string }[];
    expect(waiting.map((entry) => JSON.parse(entry.event))).toMatchObject([
      { type: 'component.status_changed', componentId: 'web', from: 'operational', to: 'partial_outage' },
    ]);
    expect(statusChanges('web')).toEqual([]);

    await relay();
    expect(statusChanges('web')).toMatchObject([{ from: 'operational', to: 'partial_outage' }]);
    expect((await componentItem('web'))?.outbox).toEqual({});
    await relay();
    expect(statusChanges('web')).toHaveLength(1);
  });

  it('commits a signal (an alert or a probe) with its event, and a repeat adds none', async () => {
    const cause = { actor: { channel: 'probe' as const, name: 'probe api' }, id: 'probe-api-1', summary: 'failing' };
    expect(await service.services.signals.raise('db', 'probe:api', 'major_outage', cause)).toBe(true);
    expect(
      await service.services.signals.raise('db', 'probe:api', 'major_outage', { ...cause, id: 'probe-api-2' }),
    ).toBe(false);
    expect(Object.keys((await componentItem('db'))?.outbox ?? {})).toHaveLength(1);

    await relay();
    expect(statusChanges('db')).toMatchObject([{ from: 'operational', to: 'major_outage' }]);
  });

  it('gives a component item written before components had an outbox its map, and still commits the event', async () => {
    const item = await componentItem('email');
    const { outbox: _outbox, ...withoutOutbox } = item!;
    await db.send(new PutCommand({ TableName: LOCAL_TABLE_NAME, Item: withoutOutbox }));

    const response = await service.call('PATCH', '/v1/components/email', { body: { status: 'degraded_performance' } });
    expect(response.status).toBe(200);

    await relay();
    expect(statusChanges('email')).toMatchObject([{ from: 'operational', to: 'degraded_performance' }]);
  });
});
