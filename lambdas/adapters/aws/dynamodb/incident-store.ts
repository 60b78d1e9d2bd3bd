import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../../core/events';
import { z } from 'zod';
import { type Incident, isOpen } from '../../../core/incident';
import type { IncidentStore, Page } from '../../../core/ports';
import { conditionally, pageCursors, queryIndex } from './client';
import { isMissingOutbox, outboxUpdate } from './event-outbox';
import { ITEM_SORT_KEY, TABLE_DESIGN } from './table-design';

const { byKind, open, outbox: outboxIndex } = TABLE_DESIGN.indexes;
const LIST_KEY = 'INCIDENTS';
const OPEN_KEY = 'OPEN';

/** What a listing cursor may contain: the index key of the last incident returned, nothing else. */
const cursors = pageCursors(
  z.strictObject({
    pk: z.string().startsWith('INCIDENT#'),
    sk: z.literal(ITEM_SORT_KEY),
    gsi1pk: z.literal(LIST_KEY),
    gsi1sk: z.string().max(100),
  }),
);

/**
 * Incidents, one item each (updates inside), written with a version condition. The events of each
 * change are written in the same item's outbox by the same request: committed together or not at
 * all, without transactions (which dynalite lacks). Saves are updates, not puts, so events still
 * waiting in the outbox are kept.
 */
export class DynamoDbIncidentStore implements IncidentStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Incident | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key(id), ConsistentRead: true }),
    );
    return Item?.incident as Incident | undefined;
  }

  async create(incident: Incident, events: readonly DomainEvent[]): Promise<void> {
    const outbox = Object.fromEntries(events.map((event, i) => [event.id, { n: order(event, i), event: JSON.stringify(event) }]));
    const waiting = events.length ? { [outboxIndex.partitionKey]: 'PENDING', [outboxIndex.sortKey]: events[0]!.occurredAt } : {};
    await conditionally(`Incident ${incident.id}`, () =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...toItem(incident), outbox, ...waiting },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async save(incident: Incident, events: readonly DomainEvent[]): Promise<void> {
    const { pk: _pk, sk: _sk, ...attributes } = toItem(incident);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':expected': incident.version - 1 };
    const sets: string[] = [];
    const removes: string[] = [];
    Object.entries(attributes).forEach(([name, value], i) => {
      names[`#a${i}`] = name;
      if (value === undefined) removes.push(`#a${i}`);
      else {
        sets.push(`#a${i} = :a${i}`);
        values[`:a${i}`] = value;
      }
    });
    const outbox = outboxUpdate(events, order);
    const expression = `SET ${[...sets, ...outbox.sets].join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`;
    await this.withOutboxMap(incident.id, () =>
      conditionally(`Incident ${incident.id}`, () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key(incident.id),
            UpdateExpression: expression,
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { ...names, ...outbox.names, '#version': 'version' },
            ExpressionAttributeValues: { ...values, ...outbox.values },
          }),
        ),
      ),
    );
  }

  async announce(id: string, events: readonly DomainEvent[]): Promise<void> {
    if (!events.length) return;
    const outbox = outboxUpdate(events, order);
    await this.withOutboxMap(id, () =>
      conditionally(`Incident ${id}`, () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key(id),
            UpdateExpression: `SET ${outbox.sets.join(', ')}`,
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: outbox.names,
            ExpressionAttributeValues: outbox.values,
          }),
        ),
      ),
    );
  }

  /** Runs a write that adds outbox entries, first giving an item written before the outbox existed its map. */
  private async withOutboxMap(id: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (!isMissingOutbox(error)) throw error;
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(id),
          UpdateExpression: 'SET outbox = if_not_exists(outbox, :empty)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':empty': {} },
        }),
      );
      await write();
    }
  }

  async listOpen(): Promise<Incident[]> {
    const items = await queryIndex(this.db, this.tableName, open, OPEN_KEY);
    return items.map((item) => item.incident as Incident);
  }

  async list({ limit, cursor }: { limit: number; cursor?: string | undefined }): Promise<Page<Incident>> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byKind.name,
        KeyConditionExpression: '#pk = :list',
        ExpressionAttributeNames: { '#pk': byKind.partitionKey },
        ExpressionAttributeValues: { ':list': LIST_KEY },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor === undefined ? undefined : cursors.decode(cursor),
      }),
    );
    return {
      items: (page.Items ?? []).map((item) => item.incident as Incident),
      nextCursor: page.LastEvaluatedKey ? cursors.encode(page.LastEvaluatedKey) : null,
    };
  }
}

const key = (id: string) => ({ pk: `INCIDENT#${id}`, sk: ITEM_SORT_KEY });

/**
 * The order of an incident's events: by the incident version that caused them (its update number),
 * then as the step listed them (the incident's own event before the component changes it caused).
 */
function order(event: DomainEvent, i: number): number {
  const version = 'incident' in event ? event.incident.version : Number(/\.v(\d+)\./.exec(event.id)?.[1] ?? 0);
  return version * 1000 + i;
}

function toItem(incident: Incident): Record<string, unknown> {
  return {
    ...key(incident.id),
    [byKind.partitionKey]: LIST_KEY,
    [byKind.sortKey]: `${incident.startedAt}#${incident.id}`,
    // Present only while open, so the "open" index holds open incidents and nothing else.
    [open.partitionKey]: isOpen(incident) ? OPEN_KEY : undefined,
    version: incident.version,
    incident,
  };
}
