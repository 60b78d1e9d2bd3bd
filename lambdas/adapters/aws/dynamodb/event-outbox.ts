import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../../core/events';
import type { EventOutbox, PendingEvents } from '../../../core/ports';
import { isConditionFailure } from './client';
import { TABLE_DESIGN } from './table-design';

const { outbox: index } = TABLE_DESIGN.indexes;
const PENDING = 'PENDING';

/** One waiting event as the item keeps it: its order among the item's events, and its JSON. */
interface OutboxEntry {
  n: number;
  event: string;
}

/**
 * What a write adds to its item so that its events are committed with it: one map entry per event
 * (keyed by event id, so writing one twice changes nothing), and the keys of the sparse `outbox`
 * index, which keep the time of the oldest waiting event. The `outbox` map itself must exist:
 * every item that can have events is created with an empty one.
 */
export function outboxUpdate(events: readonly DomainEvent[], order: (event: DomainEvent, i: number) => number) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = events.map((event, i) => {
    names[`#e${i}`] = event.id;
    values[`:e${i}`] = { n: order(event, i), event: JSON.stringify(event) } satisfies OutboxEntry;
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
    return (page.Items ?? []).map((item) => ({
      source: JSON.stringify({ pk: item.pk, sk: item.sk }),
      events: eventsOf(item.outbox as Record<string, OutboxEntry> | undefined),
    }));
  }

  async acknowledge(source: string, eventIds: readonly string[]): Promise<void> {
    if (!eventIds.length) return;
    const key = JSON.parse(source) as { pk: string; sk: string };
    const names = Object.fromEntries(eventIds.map((id, i) => [`#e${i}`, id]));
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `REMOVE ${eventIds.map((_, i) => `outbox.#e${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ReturnValues: 'ALL_NEW',
      }),
    ).catch((error: unknown) => {
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

/** The events of an outbox map, in the order they happened. */
export function eventsOf(outbox: Record<string, OutboxEntry> | undefined): DomainEvent[] {
  return Object.values(outbox ?? {})
    .sort((a, b) => a.n - b.n)
    .map((entry) => JSON.parse(entry.event) as DomainEvent);
}
