import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ComponentRecord } from '../../../core/component';
import type { ComponentStore } from '../../../core/ports';
import { conditionally, isConditionFailure, queryIndex, versionCondition } from './client';
import { ITEM_SORT_KEY, TABLE_DESIGN } from './table-design';

const { byKind } = TABLE_DESIGN.indexes;
const LIST_KEY = 'COMPONENTS';

/** The run-time state of components (baseline status, timestamps), one item each. */
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

  async save(record: ComponentRecord): Promise<void> {
    await conditionally(`Component ${record.id}`, () =>
      this.db.send(
        new PutCommand({ TableName: this.tableName, Item: toItem(record), ...versionCondition(record.version) }),
      ),
    );
  }
}

const key = (id: string) => ({ pk: `COMPONENT#${id}`, sk: ITEM_SORT_KEY });

const toItem = (record: ComponentRecord) => ({
  ...key(record.id),
  [byKind.partitionKey]: LIST_KEY,
  [byKind.sortKey]: record.id,
  version: record.version,
  component: record,
});
