import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type DomainEvent, upgradeEvent } from '../../../core/events';
import type { EventOutbox, PendingEvents } from '../../../core/ports';
import { isConditionFailure } from './client';
import { TABLE_DESIGN } from './table-design';

const { outbox: index } = TABLE_DESIGN.indexes;
const PENDING = 'PENDING';

/** An item's key. */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** One waiting event as the item keeps it: its order among the item's events, and its JSON. */
export interface OutboxEntry {
  n: number;
  event: string;
  /**
   * Set when the event's update is stored in an item of its own: the event waits here without the
   * update's text, which is read back from there, so waiting events never fill their item.
   */
  bodyAt?: ItemKey;
}

/** Reads the text of an update stored in its own item. */
export type BodyLoader = (at: ItemKey) => Promise<string>;

export function outboxEntry(event: DomainEvent, n: number, bodyAt?: ItemKey): OutboxEntry {
  if (!bodyAt || !('update' in event)) return { n, event: JSON.stringify(event) };
  const { body: _body, ...update } = event.update;
  return { n, event: JSON.stringify({ ...event, update }), bodyAt };
}

/**
 * What a write adds to its item so that its events are committed with it: one map entry per event
 * (keyed by event id, so writing one twice changes nothing), and the keys of the sparse `outbox`
 * index, which keep the time of the oldest waiting event. The `outbox` map itself must exist:
 * every item that can have events is created with an empty one.
 */
export function outboxUpdate(
  events: readonly DomainEvent[],
  order: (event: DomainEvent, i: number) => number,
  bodyAt: (event: DomainEvent) => ItemKey | undefined = () => undefined,
) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = events.map((event, i) => {
    names[`#e${i}`] = event.id;
    values[`:e${i}`] = outboxEntry(event, order(event, i), bodyAt(event));
    return `outbox.#e${i} = :e${i}`;
  });
  if (events.length) {
    sets.push(`${index.partitionKey} = :pending`, `${index.sortKey} = if_not_exists(${index.sortKey}, :since)`);
    values[':pending'] = PENDING;
    values[':since'] = events[0]!.occurredAt;
  }
  return { sets, names, values };
}

/** Items whose outbox map is missing (written before the outbox existed) cannot take entries yet. */
export const isMissingOutbox = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ValidationException' && /document path/i.test(error.message);

/** Runs a write that adds outbox entries, first giving an item written before the outbox existed its map. */
export async function withOutboxMap(
  db: DynamoDBDocumentClient,
  tableName: string,
  key: ItemKey,
  write: () => Promise<unknown>,
): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isMissingOutbox(error)) throw error;
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET outbox = if_not_exists(outbox, :empty)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':empty': {} },
      }),
    );
    await write();
  }
}

/** Reads the outbox through its sparse index and empties it entry by entry once relayed. */
export class DynamoDbEventOutbox implements EventOutbox {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async pending({ limit, before }: { limit: number; before?: Date | undefined }): Promise<PendingEvents[]> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: before ? '#pk = :pending AND #sk < :before' : '#pk = :pending',
        ExpressionAttributeNames: { '#pk': index.partitionKey, ...(before ? { '#sk': index.sortKey } : {}) },
        ExpressionAttributeValues: { ':pending': PENDING, ...(before ? { ':before': before.toISOString() } : {}) },
        Limit: limit,
      }),
    );
    return Promise.all(
      (page.Items ?? []).map(async (item) => ({
        source: JSON.stringify({ pk: item.pk, sk: item.sk }),
        events: await eventsOf(item.outbox as Record<string, OutboxEntry> | undefined, this.loadBody),
      })),
    );
  }

  readonly loadBody: BodyLoader = async (at) => {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: at,
        ConsistentRead: true,
        ProjectionExpression: '#update.#body',
        ExpressionAttributeNames: { '#update': 'update', '#body': 'body' },
      }),
    );
    const body = (Item?.update as { body?: unknown } | undefined)?.body;
    if (typeof body !== 'string') throw new Error(`No update text in ${at.pk} ${at.sk}`);
    return body;
  };

  async acknowledge(source: string, eventIds: readonly string[]): Promise<void> {
    if (!eventIds.length) return;
    const key = JSON.parse(source) as { pk: string; sk: string };
    const names = Object.fromEntries(eventIds.map((id, i) => [`#e${i}`, id]));
    const { Attributes } = await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `REMOVE ${eventIds.map((_, i) => `outbox.#e${i}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ReturnValues: 'ALL_NEW',
        }),
      )
      .catch((error: unknown) => {
        if (isConditionFailure(error)) return { Attributes: undefined };
        throw error;
      });
    if (!Attributes || Object.keys(Attributes.outbox ?? {}).length) return;
    // Empty now: out of the index, unless a write added an event meanwhile.
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `REMOVE ${index.partitionKey}, ${index.sortKey}`,
          ConditionExpression: 'size(outbox) = :empty',
          ExpressionAttributeValues: { ':empty': 0 },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }
}

/** The events of an outbox map, whole, in the order they happened. */
export function eventsOf(
  outbox: Record<string, OutboxEntry> | undefined,
  loadBody: BodyLoader = noBodies,
): Promise<DomainEvent[]> {
  const entries = Object.values(outbox ?? {}).sort((a, b) => a.n - b.n);
  return Promise.all(
    entries.map(async (entry) => {
      const event = JSON.parse(entry.event) as DomainEvent;
      if (!entry.bodyAt || !('update' in event)) return upgradeEvent(event);
      return { ...event, update: { ...event.update, body: await loadBody(entry.bodyAt) } };
    }),
  );
}

const noBodies: BodyLoader = (at) =>
  Promise.reject(new Error(`The text of the update in ${at.pk} ${at.sk} cannot be read here`));
