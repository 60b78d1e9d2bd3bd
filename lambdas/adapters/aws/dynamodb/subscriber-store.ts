import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Page, SubscriberStore } from '../../../core/ports';
import { isExpired, type Subscriber } from '../../../core/subscriber';
import { conditionally, isConditionFailure, pageCursors, versionCondition } from './client';
import { ITEM_SORT_KEY, TABLE_DESIGN } from './table-design';

const { byKind } = TABLE_DESIGN.indexes;
const LIST_KEY = 'SUBSCRIBERS';

const cursors = pageCursors('SUBSCRIBER#', LIST_KEY);

/**
 * Subscribers, one item each, listed by state through the byKind index (`<state>#<id>`), so the
 * response plan reads confirmed subscribers only. Pending ones carry the table's TTL attribute;
 * since DynamoDB deletes lazily (and dynalite never), expired ones are filtered here too.
 */
export class DynamoDbSubscriberStore implements SubscriberStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async get(id: string): Promise<Subscriber | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key(id), ConsistentRead: true }),
    );
    const subscriber = Item?.subscriber as Subscriber | undefined;
    return subscriber && !isExpired(subscriber, this.now()) ? subscriber : undefined;
  }

  async save(subscriber: Subscriber): Promise<void> {
    await conditionally(`Subscriber ${subscriber.id}`, () =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key(subscriber.id),
            [byKind.partitionKey]: LIST_KEY,
            [byKind.sortKey]: `${subscriber.state}#${subscriber.id}`,
            [TABLE_DESIGN.timeToLiveAttribute]: subscriber.expiresAt ?? undefined,
            version: subscriber.version,
            subscriber,
          },
          ...this.writeCondition(subscriber.version),
        }),
      ),
    );
  }

  /**
   * One try at an SMS code, taken atomically: the counter is decremented only while it is above
   * zero, so parallel guesses cannot share a try. Bumps the version, so a writer holding an older
   * read retries instead of restoring the count.
   */
  async takeSmsAttempt(id: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(id),
          UpdateExpression:
            'SET #s.#code.#left = #s.#code.#left - :one, #s.#version = #s.#version + :one, #version = #version + :one',
          ConditionExpression: '#s.#state = :pending AND #s.#code.#left > :zero',
          ExpressionAttributeNames: {
            '#s': 'subscriber',
            '#code': 'smsCode',
            '#left': 'attemptsLeft',
            '#state': 'state',
            '#version': 'version',
          },
          ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':pending': 'pending' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * A new subscriber may replace a pending one past its expiry: DynamoDB's TTL deletes lazily (and
   * dynalite never), and an expired sign-up must not block signing up again.
   */
  private writeCondition(version: number) {
    if (version !== 1) return versionCondition(version);
    return {
      ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
      ExpressionAttributeNames: { '#ttl': TABLE_DESIGN.timeToLiveAttribute },
      ExpressionAttributeValues: { ':now': Math.floor(this.now() / 1000) },
    };
  }

  listConfirmed(options: { limit: number; cursor?: string | undefined }): Promise<Page<Subscriber>> {
    return this.query('confirmed#', options);
  }

  list(options: { limit: number; cursor?: string | undefined }): Promise<Page<Subscriber>> {
    return this.query('', options);
  }

  private async query(
    prefix: string,
    { limit, cursor }: { limit: number; cursor?: string | undefined },
  ): Promise<Page<Subscriber>> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byKind.name,
        KeyConditionExpression: prefix ? '#pk = :list AND begins_with(#sk, :prefix)' : '#pk = :list',
        ExpressionAttributeNames: { '#pk': byKind.partitionKey, ...(prefix ? { '#sk': byKind.sortKey } : {}) },
        ExpressionAttributeValues: { ':list': LIST_KEY, ...(prefix ? { ':prefix': prefix } : {}) },
        Limit: limit,
        ExclusiveStartKey: cursor === undefined ? undefined : cursors.decode(cursor),
      }),
    );
    const now = this.now();
    return {
      items: (page.Items ?? []).map((item) => item.subscriber as Subscriber).filter((s) => !isExpired(s, now)),
      nextCursor: page.LastEvaluatedKey ? cursors.encode(page.LastEvaluatedKey) : null,
    };
  }
}

const key = (id: string) => ({ pk: `SUBSCRIBER#${id}`, sk: ITEM_SORT_KEY });
