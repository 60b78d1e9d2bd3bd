import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../../core/events';
import type { Maintenance } from '../../../core/maintenance';
import type { MaintenanceStore, Page } from '../../../core/ports';
import { conditionally, pageCursors } from './client';
import { outboxEntry, outboxUpdate } from './event-outbox';
import { ITEM_SORT_KEY, TABLE_DESIGN } from './table-design';

const { byKind, outbox: outboxIndex } = TABLE_DESIGN.indexes;
const LIST_KEY = 'MAINTENANCES';

const cursors = pageCursors('MAINTENANCE#', LIST_KEY);

/**
 * Maintenances: one item each, updates inside (a maintenance has a handful: scheduled, reminders,
 * started, completed), listed by window start through the `byKind` index. The events of each
 * change go in the item's outbox map by the same conditional write, as incidents' do, and the
 * same relay passes them on.
 */
export class DynamoDbMaintenanceStore implements MaintenanceStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Maintenance | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key(id), ConsistentRead: true }),
    );
    return Item?.maintenance as Maintenance | undefined;
  }

  async create(maintenance: Maintenance, events: readonly DomainEvent[]): Promise<void> {
    const outbox = Object.fromEntries(events.map((event, i) => [event.id, outboxEntry(event, order(maintenance, i))]));
    const waiting = events.length
      ? { [outboxIndex.partitionKey]: 'PENDING', [outboxIndex.sortKey]: events[0]!.occurredAt }
      : {};
    await conditionally(`Maintenance ${maintenance.id}`, () =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...toItem(maintenance), outbox, ...waiting },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async save(maintenance: Maintenance, events: readonly DomainEvent[]): Promise<void> {
    const outbox = outboxUpdate(events, (_, i) => order(maintenance, i));
    await conditionally(`Maintenance ${maintenance.id}`, () =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(maintenance.id),
          UpdateExpression: `SET #m = :m, #version = :version, #sk = :sk${outbox.sets.length ? `, ${outbox.sets.join(', ')}` : ''}`,
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: {
            ...outbox.names,
            '#m': 'maintenance',
            '#version': 'version',
            '#sk': byKind.sortKey,
          },
          ExpressionAttributeValues: {
            ...outbox.values,
            ':m': maintenance,
            ':version': maintenance.version,
            ':sk': sortKey(maintenance),
            ':expected': maintenance.version - 1,
          },
        }),
      ),
    );
  }

  async list({ limit, cursor }: { limit: number; cursor?: string | undefined }): Promise<Page<Maintenance>> {
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
      items: (page.Items ?? []).map((item) => item.maintenance as Maintenance),
      nextCursor: page.LastEvaluatedKey ? cursors.encode(page.LastEvaluatedKey) : null,
    };
  }
}

const key = (id: string) => ({ pk: `MAINTENANCE#${id}`, sk: ITEM_SORT_KEY });
const sortKey = (m: Maintenance) => `${m.scheduledFor}#${m.id}`;
/** Events in the order of the versions that caused them. */
const order = (m: Maintenance, i: number) => m.version * 1000 + i;

function toItem(maintenance: Maintenance): Record<string, unknown> {
  return {
    ...key(maintenance.id),
    [byKind.partitionKey]: LIST_KEY,
    [byKind.sortKey]: sortKey(maintenance),
    version: maintenance.version,
    maintenance,
  };
}
