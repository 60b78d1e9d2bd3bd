import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type DomainEvent, upgradeEvent } from '../../../core/events';
import type { PlanJob } from '../../../plan/jobs';
import type { PlanState, PlanStore } from '../../../plan/ports';
import { isConditionFailure } from './client';
import { ITEM_SORT_KEY, TABLE_DESIGN } from './table-design';

/** Plans are kept a month, like the batches they count. */
const KEEP_SECONDS = 30 * 86_400;

/**
 * Each event's plan, one item: the event, how far planning got, and two counters (batches planned,
 * batches done) that any number of workers update atomically. Completion is a condition on those
 * counters, so exactly one writer completes a plan and takes the job parked behind it.
 */
export class DynamoDbPlanStore implements PlanStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async open(event: DomainEvent, now: string): Promise<PlanState> {
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key(event.id),
        // if_not_exists everywhere: opening again (a redelivered event) changes nothing, and a job
        // parked here before the plan existed stays.
        UpdateExpression:
          'SET eventId = if_not_exists(eventId, :id), #event = if_not_exists(#event, :event), step = if_not_exists(step, :zero), batches = if_not_exists(batches, :zero), done = if_not_exists(done, :zero), startedAt = if_not_exists(startedAt, :now), updatedAt = if_not_exists(updatedAt, :now), #ttl = if_not_exists(#ttl, :expires)',
        ExpressionAttributeNames: { '#event': 'event', '#ttl': TABLE_DESIGN.timeToLiveAttribute },
        ExpressionAttributeValues: {
          ':id': event.id,
          ':event': JSON.stringify(event),
          ':zero': 0,
          ':now': now,
          ':expires': Math.floor(Date.parse(now) / 1000) + KEEP_SECONDS,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toState(Attributes!);
  }

  async get(eventId: string): Promise<PlanState | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key(eventId), ConsistentRead: true }),
    );
    return Item?.event ? toState(Item) : undefined;
  }

  async advance(eventId: string, step: number, batches: number, next: string | null, now: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(eventId),
          UpdateExpression: `SET step = :next, updatedAt = :now, #cursor = :cursor${next === null ? ', planned = :true, plannedAt = :now' : ''} ADD batches :batches`,
          ConditionExpression: 'step = :step',
          ExpressionAttributeNames: { '#cursor': 'cursor' },
          ExpressionAttributeValues: {
            ':step': step,
            ':next': step + 1,
            ':now': now,
            ':cursor': next,
            ':batches': batches,
            ...(next === null ? { ':true': true } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async batchDone(
    eventId: string,
    batchId: string,
    now: string,
  ): Promise<{ completed: boolean; next: PlanJob | null }> {
    // The batch's place in the plan (`<page>:<n>`) joins a set as `done` grows, in one conditional
    // update: counted exactly once, however often this is called. A few bytes a batch.
    const place = batchId.startsWith(`${eventId}:`) ? batchId.slice(eventId.length + 1) : batchId;
    let attributes: Record<string, unknown> | undefined;
    try {
      ({ Attributes: attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(eventId),
          UpdateExpression: 'SET updatedAt = :now ADD done :one, #counted :place',
          ConditionExpression: 'attribute_exists(pk) AND NOT contains(#counted, :placeId)',
          ExpressionAttributeNames: { '#counted': 'counted' },
          ExpressionAttributeValues: { ':now': now, ':one': 1, ':place': new Set([place]), ':placeId': place },
          ReturnValues: 'ALL_NEW',
        }),
      ));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Counted before: the plan may still be waiting for the completion a crash prevented.
      return this.tryComplete(eventId, now);
    }
    if (!attributes?.planned || Number(attributes.done) < Number(attributes.batches))
      return { completed: false, next: null };
    return this.tryComplete(eventId, now);
  }

  async tryComplete(eventId: string, now: string): Promise<{ completed: boolean; next: PlanJob | null }> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(eventId),
          UpdateExpression: 'SET complete = :true, completedAt = :now',
          ConditionExpression: 'planned = :true AND done >= batches AND attribute_not_exists(complete)',
          ExpressionAttributeValues: { ':true': true, ':now': now },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { completed: true, next: Attributes?.next ? (JSON.parse(Attributes.next as string) as PlanJob) : null };
    } catch (error) {
      if (isConditionFailure(error)) return { completed: false, next: null };
      throw error;
    }
  }

  async park(eventId: string, job: PlanJob): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(eventId),
          UpdateExpression: 'SET #next = :job',
          ConditionExpression: 'attribute_not_exists(complete)',
          ExpressionAttributeNames: { '#next': 'next' },
          ExpressionAttributeValues: { ':job': JSON.stringify(job) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

const key = (eventId: string) => ({ pk: `PLAN#${eventId}`, sk: ITEM_SORT_KEY });

function toState(item: Record<string, unknown>): PlanState {
  return {
    eventId: item.eventId as string,
    event: upgradeEvent(JSON.parse(item.event as string) as DomainEvent),
    step: Number(item.step ?? 0),
    cursor: (item.cursor as string | null | undefined) ?? null,
    planned: item.planned === true,
    batches: Number(item.batches ?? 0),
    done: Number(item.done ?? 0),
    complete: item.complete === true,
    startedAt: item.startedAt as string,
    plannedAt: (item.plannedAt as string | undefined) ?? null,
    updatedAt: item.updatedAt as string,
  };
}
