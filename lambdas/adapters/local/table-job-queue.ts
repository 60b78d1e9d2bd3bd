import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type JobQueue, LANES, type Lane, laneOf, type NotificationJob } from '../../plan/jobs';
import { isConditionFailure } from '../aws/dynamodb/client';
import { ITEM_SORT_KEY, TABLE_DESIGN } from '../aws/dynamodb/table-design';

const { byKind } = TABLE_DESIGN.indexes;
const ready = (lane: Lane) => `JOBS#${lane}`;
const DEAD = 'DEADJOBS';

/** A job handed to a worker, with the lease that makes it that worker's alone until it expires. */
export interface ReceivedJob {
  job: NotificationJob;
  id: string;
  owner: string;
  /** How many times it has been handed out, this time included. */
  receives: number;
}

/** Zero-padded milliseconds, so the index sorts jobs by when they become visible. */
const visibleKey = (atMs: number, id: string) => `${String(Math.max(0, Math.round(atMs))).padStart(15, '0')}#${id}`;

/**
 * SQS's local stand-in, durable in the (local) table: a job is an item in its lane's partition of
 * the byKind index, visible from the time kept as its sort key; receiving it moves that time a lease ahead (so a worker killed mid-job
 * leaves it to be received again when the lease ends), completing deletes it, and a job received
 * `maxReceives` times without completing is set aside as dead, as SQS's redrive policy would.
 */
export class TableJobQueue implements JobQueue {
  /** Told after jobs were queued (local mode wakes its idle worker loops). */
  onEnqueued: (() => void) | undefined;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number,
    private readonly options: { leaseMs: number; maxReceives: number } = { leaseMs: 120_000, maxReceives: 5 },
  ) {}

  async enqueue(jobs: readonly NotificationJob[], options: { delaySeconds?: number } = {}): Promise<void> {
    const visibleAt = this.now() + (options.delaySeconds ?? 0) * 1000;
    for (let i = 0; i < jobs.length; i += 25) {
      await Promise.all(jobs.slice(i, i + 25).map((job) => this.put(job, visibleAt)));
    }
    if (jobs.length && !options.delaySeconds) this.onEnqueued?.();
  }

  /** The next visible job of a lane, leased to the caller; null when none is visible. */
  async receive(lane: Lane): Promise<ReceivedJob | null> {
    const now = this.now();
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byKind.name,
        KeyConditionExpression: '#pk = :ready AND #sk <= :now',
        ExpressionAttributeNames: { '#pk': byKind.partitionKey, '#sk': byKind.sortKey },
        ExpressionAttributeValues: { ':ready': ready(lane), ':now': visibleKey(now, '~') },
        Limit: 16,
      }),
    );
    // Workers start from different jobs, so they rarely race for the same one.
    const offset = Math.floor(Math.random() * Items.length);
    for (let i = 0; i < Items.length; i++) {
      const item = Items[(offset + i) % Items.length]!;
      const received = await this.lease(item, now);
      if (received) return received;
    }
    return null;
  }

  /** Done: the job leaves the queue (only its current holder may say so). */
  async complete(received: ReceivedJob): Promise<void> {
    await this.db
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key(received.id),
          ConditionExpression: '#owner = :me',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':me': received.owner },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }

  /** Failed: visible again after `delayMs` (a backoff), unless its lease was lost meanwhile. */
  async retry(received: ReceivedJob, delayMs: number): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(received.id),
          // No owner while it waits: nobody is working on it.
          UpdateExpression: 'SET #sk = :visible REMOVE #owner',
          ConditionExpression: '#owner = :me',
          ExpressionAttributeNames: { '#owner': 'owner', '#sk': byKind.sortKey },
          ExpressionAttributeValues: {
            ':me': received.owner,
            ':visible': visibleKey(this.now() + delayMs, received.id),
          },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }

  /**
   * Jobs due within `horizonMs`, or being run by a worker (in any process) right now: what "idle"
   * waits for. Jobs delayed further (a post waiting for its spacing) do not count.
   */
  async dueWithin(horizonMs: number): Promise<number> {
    const until = visibleKey(this.now() + horizonMs, '~');
    const counts = await Promise.all(
      LANES.flatMap((lane) => [
        this.count(lane, '#sk <= :until', { ':until': until }),
        this.count(lane, undefined, {}, 'attribute_exists(#owner)'),
      ]),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  private async count(
    lane: Lane,
    sortCondition: string | undefined,
    values: Record<string, string>,
    filter?: string,
  ): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: byKind.name,
          KeyConditionExpression: `#pk = :ready${sortCondition ? ` AND ${sortCondition}` : ''}`,
          ...(filter ? { FilterExpression: filter } : {}),
          ExpressionAttributeNames: {
            '#pk': byKind.partitionKey,
            ...(sortCondition ? { '#sk': byKind.sortKey } : {}),
            ...(filter ? { '#owner': 'owner' } : {}),
          },
          ExpressionAttributeValues: { ':ready': ready(lane), ...values },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      );
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return count;
  }

  /**
   * Makes every job leased to a worker visible again now. Local mode calls this as it starts: only
   * one process serves a data folder, so any lease found then belongs to a process that was killed.
   */
  async releaseLeases(): Promise<number> {
    const Items = [];
    for (const lane of LANES) {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: byKind.name,
          KeyConditionExpression: '#pk = :ready',
          FilterExpression: 'attribute_exists(#owner)',
          ExpressionAttributeNames: { '#pk': byKind.partitionKey, '#owner': 'owner' },
          ExpressionAttributeValues: { ':ready': ready(lane) },
        }),
      );
      Items.push(...(page.Items ?? []));
    }
    for (const item of Items) {
      const id = (item.pk as string).slice('JOB#'.length);
      await this.retry(
        {
          job: JSON.parse(item.job as string) as NotificationJob,
          id,
          owner: item.owner as string,
          receives: Number(item.receives),
        },
        0,
      );
    }
    return Items.length;
  }

  /** Jobs set aside after too many receives, for a person to look at. */
  async dead(): Promise<NotificationJob[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byKind.name,
        KeyConditionExpression: '#pk = :dead',
        ExpressionAttributeNames: { '#pk': byKind.partitionKey },
        ExpressionAttributeValues: { ':dead': DEAD },
      }),
    );
    return Items.map((item) => JSON.parse(item.job as string) as NotificationJob);
  }

  private async put(job: NotificationJob, visibleAt: number): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key(messageId(job)),
            [byKind.partitionKey]: ready(laneOf(job)),
            [byKind.sortKey]: visibleKey(visibleAt, messageId(job)),
            job: JSON.stringify(job),
            receives: 0,
          },
          // This message is queued already: SQS FIFO's deduplication, in effect.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  private async lease(item: Record<string, unknown>, now: number): Promise<ReceivedJob | null> {
    const id = (item.pk as string).slice('JOB#'.length);
    const owner = randomUUID();
    const dead = Number(item.receives ?? 0) >= this.options.maxReceives;
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(id),
          UpdateExpression: dead ? 'SET #pk = :dead' : 'SET #sk = :leased, #owner = :owner ADD receives :one',
          ConditionExpression: '#sk = :seen',
          ExpressionAttributeNames: {
            '#sk': byKind.sortKey,
            ...(dead ? { '#pk': byKind.partitionKey } : { '#owner': 'owner' }),
          },
          ExpressionAttributeValues: dead
            ? { ':dead': DEAD, ':seen': item[byKind.sortKey] }
            : {
                ':leased': visibleKey(now + this.options.leaseMs, id),
                ':owner': owner,
                ':one': 1,
                ':seen': item[byKind.sortKey],
              },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (dead) return null;
      return {
        job: JSON.parse(Attributes!.job as string) as NotificationJob,
        id,
        owner,
        receives: Number(Attributes!.receives),
      };
    } catch (error) {
      if (isConditionFailure(error)) return null; // another worker took it first
      throw error;
    }
  }
}

const key = (id: string) => ({ pk: `JOB#${id}`, sk: ITEM_SORT_KEY });

/**
 * A job's message: its id, and how often it was queued again because its batch was held (each
 * time a new message, as on SQS, while the job keeps the id its batch is known by).
 */
const messageId = (job: NotificationJob): string =>
  job.kind === 'deliver' && job.held ? `${job.id}~held${job.held}` : job.id;
