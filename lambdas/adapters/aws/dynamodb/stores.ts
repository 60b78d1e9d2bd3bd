import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbApiKeyStore } from './api-key-store';
import { DynamoDbAuditLog } from './audit-log';
import { DynamoDbComponentStore } from './component-store';
import { DynamoDbIncidentStore } from './incident-store';
import { DynamoDbPageSettingsStore } from './page-settings-store';

/** Every store of the single table, sharing one client. */
export function createDynamoDbStores(db: DynamoDBDocumentClient, tableName: string) {
  return {
    incidents: new DynamoDbIncidentStore(db, tableName),
    components: new DynamoDbComponentStore(db, tableName),
    apiKeys: new DynamoDbApiKeyStore(db, tableName),
    audit: new DynamoDbAuditLog(db, tableName),
    settings: new DynamoDbPageSettingsStore(db, tableName),
  };
}
