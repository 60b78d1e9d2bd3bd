import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AlertTimers } from '../../alerts/ports';
import { isConditionFailure, queryIndex } from '../aws/dynamodb/client';
import { ITEM_SORT_KEY, TABLE_DESIGN } from '../aws/dynamodb/table-design';

const { byKind } = TABLE_DESIGN.indexes;
const LIST_KEY = 'TIMERS';

interface Timer {
  name: string;
  dueAt: number;
}

/**
 * EventBridge Scheduler's one-shot schedules, locally: timers kept in the (local) table, so they
 * survive a restart; `tick` runs the due ones and removes each once it has run (a timer that
 * fails stays and runs again at the next tick, as Scheduler retries). Local mode ticks every
 * second; tests tick by hand with their own clock.
 */
export class LocalAlertTimers implements AlertTimers {
  private handler: ((name: string) => Promise<void>) | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number,
    /** Which timers this instance runs (alert timers by default), so each kind has its own handler. */
    private readonly listKey = LIST_KEY,
  ) {}

  onDue(handler: (name: string) => Promise<void>): void {
    this.handler = handler;
  }

  async set(name: string, at: Date): Promise<void> {
    const timer: Timer = { name, dueAt: at.getTime() };
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...key(name),
          [byKind.partitionKey]: this.listKey,
          [byKind.sortKey]: `${String(timer.dueAt).padStart(15, '0')}#${name}`,
          timer,
        },
      }),
    );
  }

  async cancel(name: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: key(name) }));
  }

  /** Runs every due timer once, one after another; ticks never overlap. */
  tick(): Promise<void> {
    this.running = this.running.catch(() => {}).then(() => this.runDue());
    return this.running;
  }

  /** Resolves when no tick is running. */
  idle(): Promise<void> {
    return this.running.catch(() => {});
  }

  /** Timers not yet run, soonest first. */
  async pending(): Promise<Timer[]> {
    const items = await queryIndex(this.db, this.tableName, byKind, this.listKey);
    return items.map((item) => item.timer as Timer);
  }

  private async runDue(): Promise<void> {
    const now = this.now();
    for (const timer of (await this.pending()).filter((t) => t.dueAt <= now)) {
      await this.handler?.(timer.name);
      try {
        // Only this one: a timer set again while it ran has a new due time and stays.
        await this.db.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: key(timer.name),
            ConditionExpression: '#timer.dueAt = :dueAt',
            ExpressionAttributeNames: { '#timer': 'timer' },
            ExpressionAttributeValues: { ':dueAt': timer.dueAt },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
  }
}

const key = (name: string) => ({ pk: `TIMER#${name}`, sk: ITEM_SORT_KEY });
