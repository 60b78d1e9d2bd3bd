import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord } from '../../../core/api-key';
import type { ApiKeyStore } from '../../../core/ports';
import { ITEM_SORT_KEY } from './table-design';

/** API keys, addressed by their peppered hash: the key itself is never stored. */
export class DynamoDbApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key(hash) }));
    return Item?.apiKey as ApiKeyRecord | undefined;
  }

  async put(record: ApiKeyRecord): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...key(record.hash), apiKey: record } }));
  }
}

const key = (hash: string) => ({ pk: `APIKEY#${hash}`, sk: ITEM_SORT_KEY });
