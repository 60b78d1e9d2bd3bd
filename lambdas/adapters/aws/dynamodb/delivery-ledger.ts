import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryLedger } from '../../../plan/ports';
import { isConditionFailure } from './client';
import { ITEM_SORT_KEY, TABLE_DESIGN } from './table-design';

/** Ledger entries kept a month: long past any redelivery of the event that caused them. */
const KEEP_SECONDS = 30 * 86_400;

/** The delivery ledger in the table: every transition is one conditional update. */
export class DynamoDbDeliveryLedger implements DeliveryLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(key: string, leaseSeconds: number): Promise<boolean> {
    const now = Math.floor(this.now() / 1000);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(key),
          UpdateExpression: 'SET #state = :sending, leaseUntil = :lease, #ttl = :expires ADD attempts :one',
          ConditionExpression:
            'attribute_not_exists(#state) OR #state = :failed OR (#state = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state', '#ttl': TABLE_DESIGN.timeToLiveAttribute },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':failed': 'failed',
            ':lease': now + leaseSeconds,
            ':now': now,
            ':one': 1,
            ':expires': now + KEEP_SECONDS,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markSent(key: string): Promise<void> {
    await this.set(key, 'sent');
  }

  async markFailed(key: string, reason: string): Promise<void> {
    await this.set(key, 'failed', reason.slice(0, 500));
  }

  private async set(key: string, state: 'sent' | 'failed', reason?: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(key),
        UpdateExpression: reason ? 'SET #state = :state, reason = :reason' : 'SET #state = :state',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':state': state, ...(reason ? { ':reason': reason } : {}) },
      }),
    );
  }

  private key(key: string) {
    return { pk: `DELIVERY#${key}`, sk: ITEM_SORT_KEY };
  }
}
