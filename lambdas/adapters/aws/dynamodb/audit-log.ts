import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../../core/audit';
import type { AuditLog } from '../../../core/ports';
import { isConditionFailure, queryAll } from './client';

/** The audit trail, one partition per UTC day, sorted by time. */
export class DynamoDbAuditLog implements AuditLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(entries: readonly AuditEntry[]): Promise<void> {
    await Promise.all(
      entries.map(async (entry) => {
        try {
          await this.db.send(
            new PutCommand({
              TableName: this.tableName,
              Item: { pk: `AUDIT#${entry.at.slice(0, 10)}`, sk: `${entry.at}#${entry.id}`, entry },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
        } catch (error) {
          if (!isConditionFailure(error)) throw error; // recorded already by an earlier attempt
        }
      }),
    );
  }

  async listDay(day: string): Promise<AuditEntry[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :day',
      ExpressionAttributeValues: { ':day': `AUDIT#${day}` },
      ScanIndexForward: false,
    });
    return items.map((item) => item.entry as AuditEntry);
  }
}
