import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PageSettings, PageSettingsStore } from '../../../core/ports';
import { conditionally, versionCondition } from './client';
import { ITEM_SORT_KEY } from './table-design';

const KEY = { pk: 'SETTINGS#page', sk: ITEM_SORT_KEY };

/** The page's settings: one item, written with a version condition. */
export class DynamoDbPageSettingsStore implements PageSettingsStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(): Promise<PageSettings | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: KEY, ConsistentRead: true }));
    return Item?.settings as PageSettings | undefined;
  }

  async save(settings: PageSettings): Promise<void> {
    await conditionally('Page settings', () =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...KEY, version: settings.version, settings },
          ...versionCondition(settings.version),
        }),
      ),
    );
  }
}
