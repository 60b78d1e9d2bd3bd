import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { IntegrationKeyStore } from '../../../alerts/ports';
import type { IntegrationKeyRecord } from '../../../core/integration';
import { ITEM_SORT_KEY } from './table-design';

/** Integrations' secrets, addressed by their peppered hash, as API keys are: the secret is never stored. */
export class DynamoDbIntegrationKeyStore implements IntegrationKeyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findByHash(hash: string): Promise<IntegrationKeyRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key(hash) }));
    return Item?.integrationKey as IntegrationKeyRecord | undefined;
  }

  async put(record: IntegrationKeyRecord): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...key(record.hash), integrationKey: record } }),
    );
  }
}

const key = (hash: string) => ({ pk: `INTEGRATIONKEY#${hash}`, sk: ITEM_SORT_KEY });
