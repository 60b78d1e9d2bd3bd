import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbAlertStore } from './alert-store';
import { DynamoDbApiKeyStore } from './api-key-store';
import { DynamoDbAuditLog } from './audit-log';
import { DynamoDbBatchLedger } from './batch-ledger';
import { DynamoDbComponentStore } from './component-store';
import { DynamoDbDeliveryLedger } from './delivery-ledger';
import { DynamoDbEventOutbox } from './event-outbox';
import { DynamoDbIncidentStore } from './incident-store';
import { DynamoDbIntegrationKeyStore } from './integration-key-store';
import { DynamoDbMaintenanceStore } from './maintenance-store';
import { DynamoDbPageSettingsStore } from './page-settings-store';
import { DynamoDbPlanStore } from './plan-store';
import { DynamoDbProbeResultStore } from './probe-result-store';
import { DynamoDbRateLimiter } from './rate-limiter';
import { DynamoDbReplayGuard } from './replay-guard';
import { DynamoDbSendBudget } from './send-budget';
import { DynamoDbSocialThreadStore } from './social-thread-store';
import { DynamoDbSubscriberStore } from './subscriber-store';

/** Every store of the single table, sharing one client. */
export function createDynamoDbStores(db: DynamoDBDocumentClient, tableName: string, now: () => number = Date.now) {
  return {
    ...createDynamoDbPlanStores(db, tableName, now),
    ...createDynamoDbSiteStores(db, tableName),
    apiKeys: new DynamoDbApiKeyStore(db, tableName),
    audit: new DynamoDbAuditLog(db, tableName),
    replays: new DynamoDbReplayGuard(db, tableName, now),
    outbox: new DynamoDbEventOutbox(db, tableName),
    alerts: new DynamoDbAlertStore(db, tableName),
    integrationKeys: new DynamoDbIntegrationKeyStore(db, tableName),
  };
}

/**
 * The stores of the response plan, and the subscribers it reads: all the notifier uses, so its
 * bundle holds no other store.
 */
export function createDynamoDbPlanStores(db: DynamoDBDocumentClient, tableName: string, now: () => number = Date.now) {
  return {
    deliveries: new DynamoDbDeliveryLedger(db, tableName, now),
    batches: new DynamoDbBatchLedger(db, tableName, now),
    plans: new DynamoDbPlanStore(db, tableName),
    budget: new DynamoDbSendBudget(db, tableName, now),
    threads: new DynamoDbSocialThreadStore(db, tableName),
    rateLimiter: new DynamoDbRateLimiter(db, tableName, now),
    subscribers: new DynamoDbSubscriberStore(db, tableName, now),
  };
}

/** The stores the status site is rendered from: all the publisher reads, so its bundle holds no other store. */
export function createDynamoDbSiteStores(db: DynamoDBDocumentClient, tableName: string) {
  return {
    incidents: new DynamoDbIncidentStore(db, tableName),
    components: new DynamoDbComponentStore(db, tableName),
    maintenances: new DynamoDbMaintenanceStore(db, tableName),
    settings: new DynamoDbPageSettingsStore(db, tableName),
    probeResults: new DynamoDbProbeResultStore(db, tableName),
  };
}
