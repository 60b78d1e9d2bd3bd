import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SendBudget } from '../../../plan/ports';
import { isConditionFailure } from './client';
import { ITEM_SORT_KEY, TABLE_DESIGN } from './table-design';

/**
 * The shared send budget: one counter item per channel per second, taken from with a conditional
 * atomic add, so every worker in every Lambda together stays within the second's limit. The items
 * expire a minute later through the table's TTL.
 */
export class DynamoDbSendBudget implements SendBudget {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async take(channel: string, want: number, perSecond: number, nowMs: number): Promise<number> {
    const second = Math.floor(nowMs / 1000);
    const itemKey = { pk: `BUDGET#${channel}#${second}`, sk: ITEM_SORT_KEY };
    if (await this.add(itemKey, Math.min(want, perSecond), perSecond, second)) return Math.min(want, perSecond);
    // Not that much left: take whatever the second still has.
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: itemKey, ConsistentRead: true }));
    const left = perSecond - Number(Item?.used ?? 0);
    if (left <= 0) return 0;
    const partial = Math.min(left, want);
    return (await this.add(itemKey, partial, perSecond, second)) ? partial : 0;
  }

  private async add(itemKey: { pk: string; sk: string }, count: number, perSecond: number, second: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKey,
          UpdateExpression: 'ADD used :count SET #ttl = :expires',
          ConditionExpression: 'attribute_not_exists(used) OR used <= :room',
          ExpressionAttributeNames: { '#ttl': TABLE_DESIGN.timeToLiveAttribute },
          ExpressionAttributeValues: { ':count': count, ':room': perSecond - count, ':expires': second + 60 },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
