import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { IncidentScheduler } from '../../plan/social-ports';
import { queryIndex } from '../aws/dynamodb/client';
import { ITEM_SORT_KEY, TABLE_DESIGN } from '../aws/dynamodb/table-design';

const { byKind } = TABLE_DESIGN.indexes;
const LIST_KEY = 'SCHEDULES';

interface Schedule {
  incidentId: string;
  everyMinutes: number;
  nextAt: number;
}

/**
 * EventBridge Scheduler's local stand-in: schedules are kept in the (local) table, so they survive
 * a restart, and `tick` runs the ones that are due. Local mode ticks on a timer; tests tick with
 * their own clock.
 */
export class LocalScheduler implements IncidentScheduler {
  private handler: ((incidentId: string) => Promise<void>) | undefined;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number,
  ) {}

  onDue(handler: (incidentId: string) => Promise<void>): void {
    this.handler = handler;
  }

  async start(incidentId: string, everyMinutes: number): Promise<void> {
    await this.put({ incidentId, everyMinutes, nextAt: this.now() + everyMinutes * 60_000 });
  }

  async stop(incidentId: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: key(incidentId) }));
  }

  /** Runs every schedule that is due, once, and sets its next time. */
  async tick(): Promise<void> {
    const now = this.now();
    for (const schedule of (await this.all()).filter((s) => s.nextAt <= now)) {
      await this.put({ ...schedule, nextAt: now + schedule.everyMinutes * 60_000 });
      await this.handler?.(schedule.incidentId);
    }
  }

  /** The incidents that have a schedule. */
  async scheduled(): Promise<string[]> {
    return (await this.all()).map((s) => s.incidentId);
  }

  private async all(): Promise<Schedule[]> {
    const items = await queryIndex(this.db, this.tableName, byKind, LIST_KEY);
    return items.map((item) => item.schedule as Schedule);
  }

  private async put(schedule: Schedule): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...key(schedule.incidentId),
          [byKind.partitionKey]: LIST_KEY,
          [byKind.sortKey]: schedule.incidentId,
          schedule,
        },
      }),
    );
  }
}

const key = (incidentId: string) => ({ pk: `SCHEDULE#${incidentId}`, sk: ITEM_SORT_KEY });
