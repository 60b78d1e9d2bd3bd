import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AlertRecord, AlertStore } from '../../../alerts/ports';
import { conditionally, queryIndex, versionCondition } from './client';
import { ITEM_SORT_KEY, TABLE_DESIGN } from './table-design';

const { byKind } = TABLE_DESIGN.indexes;
const OPEN_KEY = 'ALERTS';
/** A resolved alert is kept a month (to tell late copies of its firing), then DynamoDB's TTL removes it. */
const KEEP_RESOLVED_SECONDS = 30 * 24 * 3600;

/**
 * One item per alert; only alerts still firing are in the `byKind` index (sparse), so listing
 * stays short, and resolved ones expire, so alerts of many label sets do not pile up.
 */
export class DynamoDbAlertStore implements AlertStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<AlertRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key(id), ConsistentRead: true }),
    );
    return Item?.alert as AlertRecord | undefined;
  }

  async save(record: AlertRecord): Promise<void> {
    const listed =
      record.state === 'resolved'
        ? {
            [TABLE_DESIGN.timeToLiveAttribute]: Math.floor(Date.parse(record.updatedAt) / 1000) + KEEP_RESOLVED_SECONDS,
          }
        : { [byKind.partitionKey]: OPEN_KEY, [byKind.sortKey]: record.id };
    await conditionally(`Alert ${record.id}`, () =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(record.id), ...listed, version: record.version, alert: record },
          ...versionCondition(record.version),
        }),
      ),
    );
  }

  async listOpen(): Promise<AlertRecord[]> {
    const items = await queryIndex(this.db, this.tableName, byKind, OPEN_KEY);
    return items.map((item) => item.alert as AlertRecord);
  }
}

const key = (id: string) => ({ pk: `ALERT#${id}`, sk: ITEM_SORT_KEY });
