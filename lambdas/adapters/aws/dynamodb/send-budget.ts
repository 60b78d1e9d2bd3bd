import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SendBudget } from '../../../plan/ports';
import { isConditionFailure } from './client';
import { ITEM_SORT_KEY, TABLE_DESIGN } from './table-design';

/**
 * The shared send budget: one counter item per channel per second, taken from with a conditional
 * atomic add, so every worker in every Lambda together stays within the limit. The items expire a
 * minute later through the table's TTL.
 */
export class DynamoDbSendBudget implements SendBudget {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async take(channel: string, second: string, want: number, limit: number): Promise<number> {
    const itemKey = { pk: `BUDGET#${channel}#${second}`, sk: ITEM_SORT_KEY };
    const expires = Math.floor(this.now() / 1000) + 60;
    if (want <= limit && (await this.add(itemKey, want, limit, expires))) return want;
    // Not that much left: take whatever there still is.
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: itemKey, ConsistentRead: true }),
    );
    const left = limit - Number(Item?.used ?? 0);
    if (left <= 0) return 0;
    const partial = Math.min(left, want);
    return (await this.add(itemKey, partial, limit, expires)) ? partial : 0;
  }

  private async add(
    itemKey: { pk: string; sk: string },
    count: number,
    limit: number,
    expires: number,
  ): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKey,
          UpdateExpression: 'ADD used :count SET #ttl = :expires',
          ConditionExpression: 'attribute_not_exists(used) OR used <= :room',
          ExpressionAttributeNames: { '#ttl': TABLE_DESIGN.timeToLiveAttribute },
          ExpressionAttributeValues: { ':count': count, ':room': limit - count, ':expires': expires },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
