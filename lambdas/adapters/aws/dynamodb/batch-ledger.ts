import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchClaim, BatchLedger } from '../../../plan/ports';
import { isConditionFailure } from './client';
import { ITEM_SORT_KEY, TABLE_DESIGN } from './table-design';

/** Kept a month: long past any redelivery of the batch. */
const KEEP_SECONDS = 30 * 86_400;

/**
 * The batch ledger in the table, one item per batch. A claim is a conditional update that takes a
 * lease under a fresh owner token; progress and finishing are conditional on that token, so a
 * worker whose lease ran out can no longer write over the one that took the batch after it.
 */
export class DynamoDbBatchLedger implements BatchLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(
    batchId: string,
    leaseSeconds: number,
  ): Promise<BatchClaim | { finished: true } | { heldUntilMs: number }> {
    const now = Math.floor(this.now() / 1000);
    const owner = randomUUID();
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(batchId),
          UpdateExpression:
            'SET #state = :sending, leaseUntil = :lease, #owner = :owner, #ttl = :expires ADD attempts :one',
          ConditionExpression:
            'attribute_not_exists(#state) OR #state = :released OR (#state = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner', '#ttl': TABLE_DESIGN.timeToLiveAttribute },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':released': 'released',
            ':lease': now + leaseSeconds,
            ':now': now,
            ':owner': owner,
            ':one': 1,
            ':expires': now + KEEP_SECONDS,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return {
        owner,
        handled: (Attributes?.handled as number[] | undefined) ?? [],
        attempt: Number(Attributes?.attempts ?? 1),
      };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key(batchId), ConsistentRead: true }),
    );
    if (Item?.state === 'done') return { finished: true };
    // Claimable once the second `leaseUntil` is over (the condition: leaseUntil < now): a retry
    // told to come back any sooner would find it held again and use up its receives for nothing.
    return { heldUntilMs: (Number(Item?.leaseUntil ?? now) + 1) * 1000 };
  }

  saveProgress(batchId: string, claim: BatchClaim, handled: number[]): Promise<boolean> {
    return this.ifOwner(batchId, claim, 'SET handled = :handled', { ':handled': handled });
  }

  finish(batchId: string, claim: BatchClaim, outcome: { sent: number; failed: number }): Promise<boolean> {
    return this.ifOwner(
      batchId,
      claim,
      'SET #state = :done, sent = :sent, failed = :failed REMOVE handled, leaseUntil',
      {
        ':done': 'done',
        ':sent': outcome.sent,
        ':failed': outcome.failed,
      },
    );
  }

  async release(batchId: string, claim: BatchClaim, reason: string): Promise<void> {
    await this.ifOwner(batchId, claim, 'SET #state = :released, reason = :reason', {
      ':released': 'released',
      ':reason': reason.slice(0, 500),
    });
  }

  /** An update that only the current claimant may make; false when the claim is no longer theirs. */
  private async ifOwner(
    batchId: string,
    claim: BatchClaim,
    update: string,
    values: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(batchId),
          UpdateExpression: update,
          ConditionExpression: '#owner = :me AND #state = :sending',
          ExpressionAttributeNames: { '#owner': 'owner', '#state': 'state' },
          ExpressionAttributeValues: { ...values, ':me': claim.owner, ':sending': 'sending' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

const key = (batchId: string) => ({ pk: `BATCH#${batchId}`, sk: ITEM_SORT_KEY });
