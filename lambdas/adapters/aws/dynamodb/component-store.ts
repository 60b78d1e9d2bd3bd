import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ComponentRecord } from '../../../core/component';
import type { DomainEvent } from '../../../core/events';
import type { ComponentStore } from '../../../core/ports';
import { conditionally, isConditionFailure, queryIndex } from './client';
import { outboxEntry, outboxUpdate, withOutboxMap } from './event-outbox';
import { ITEM_SORT_KEY, TABLE_DESIGN } from './table-design';

const { byKind, outbox: outboxIndex } = TABLE_DESIGN.indexes;
const LIST_KEY = 'COMPONENTS';

/**
 * The run-time state of components (baseline status, signals, timestamps), one item each. The
 * events of a change go in the item's outbox map by the same conditional write, as incidents' do,
 * and the same relay passes them on: a crash after the write still updates the page.
 */
export class DynamoDbComponentStore implements ComponentStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(): Promise<ComponentRecord[]> {
    const items = await queryIndex(this.db, this.tableName, byKind, LIST_KEY);
    return items.map((item) => item.component as ComponentRecord);
  }

  async get(id: string): Promise<ComponentRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key(id), ConsistentRead: true }),
    );
    return Item?.component as ComponentRecord | undefined;
  }

  async ensure(records: readonly ComponentRecord[]): Promise<void> {
    await Promise.all(
      records.map(async (record) => {
        try {
          await this.db.send(
            new PutCommand({
              TableName: this.tableName,
              Item: toItem(record),
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
        } catch (error) {
          if (!isConditionFailure(error)) throw error; // already there: keep it
        }
      }),
    );
  }

  async save(record: ComponentRecord, events: readonly DomainEvent[]): Promise<void> {
    const what = `Component ${record.id}`;
    if (record.version === 1) {
      const outbox = Object.fromEntries(events.map((event, i) => [event.id, outboxEntry(event, order(record, i))]));
      const waiting = events.length
        ? { [outboxIndex.partitionKey]: 'PENDING', [outboxIndex.sortKey]: events[0]!.occurredAt }
        : {};
      await conditionally(what, () =>
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...toItem(record), outbox, ...waiting },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      return;
    }
    const outbox = outboxUpdate(events, (_, i) => order(record, i));
    const update = () =>
      conditionally(what, () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key(record.id),
            UpdateExpression: `SET #c = :c, #version = :version${outbox.sets.length ? `, ${outbox.sets.join(', ')}` : ''}`,
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { ...outbox.names, '#c': 'component', '#version': 'version' },
            ExpressionAttributeValues: {
              ...outbox.values,
              ':c': record,
              ':version': record.version,
              ':expected': record.version - 1,
            },
          }),
        ),
      );
    // A component written before components had an outbox gets its map first.
    await withOutboxMap(this.db, this.tableName, key(record.id), update);
  }
}

/** The order of a change's events among the item's: by version, then as the change lists them. */
const order = (record: ComponentRecord, i: number) => record.version * 1000 + i;

const key = (id: string) => ({ pk: `COMPONENT#${id}`, sk: ITEM_SORT_KEY });

const toItem = (record: ComponentRecord) => ({
  ...key(record.id),
  [byKind.partitionKey]: LIST_KEY,
  [byKind.sortKey]: record.id,
  version: record.version,
  component: record,
  outbox: {},
});
