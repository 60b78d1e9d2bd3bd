import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ReplayGuard } from '../../../slack/ports';
import { isConditionFailure } from './client';
import { ITEM_SORT_KEY, TABLE_DESIGN } from './table-design';

/** Remembers keys (request signatures) with one conditional put each; the TTL forgets them. */
export class DynamoDbReplayGuard implements ReplayGuard {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async firstSeen(key: string, ttlSeconds: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `SEEN#${key}`,
            sk: ITEM_SORT_KEY,
            [TABLE_DESIGN.timeToLiveAttribute]: Math.floor(this.now() / 1000) + ttlSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
