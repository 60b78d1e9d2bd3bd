import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '../../../core/ports';
import { isConditionFailure } from './client';
import { ITEM_SORT_KEY, TABLE_DESIGN } from './table-design';

/**
 * Fixed-window counters in the table: one atomic conditional increment per attempt, so concurrent
 * Lambdas share the count exactly. Each window's item expires through the table's TTL.
 */
export class DynamoDbRateLimiter implements RateLimiter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async consume(
    key: string,
    limit: number,
    windowSeconds: number,
  ): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
    const nowSeconds = Math.floor(this.now() / 1000);
    const windowStart = nowSeconds - (nowSeconds % windowSeconds);
    const retryAfterSeconds = windowStart + windowSeconds - nowSeconds;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `RATE#${key}#${windowStart}`, sk: ITEM_SORT_KEY },
          UpdateExpression: 'ADD #count :one SET #ttl = :expires',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count', '#ttl': TABLE_DESIGN.timeToLiveAttribute },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': windowStart + windowSeconds },
        }),
      );
      return { allowed: true, retryAfterSeconds: 0 };
    } catch (error) {
      if (isConditionFailure(error)) return { allowed: false, retryAfterSeconds };
      throw error;
    }
  }
}
