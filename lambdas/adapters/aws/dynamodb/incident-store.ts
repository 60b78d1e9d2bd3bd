import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { type Incident, isOpen } from '../../../core/incident';
import type { IncidentStore, Page } from '../../../core/ports';
import { conditionally, pageCursors, queryIndex } from './client';
import { ITEM_SORT_KEY, TABLE_DESIGN } from './table-design';

const { byKind, open } = TABLE_DESIGN.indexes;
const LIST_KEY = 'INCIDENTS';
const OPEN_KEY = 'OPEN';

/** What a listing cursor may contain: the index key of the last incident returned, nothing else. */
const cursors = pageCursors(
  z.strictObject({
    pk: z.string().startsWith('INCIDENT#'),
    sk: z.literal(ITEM_SORT_KEY),
    gsi1pk: z.literal(LIST_KEY),
    gsi1sk: z.string().max(100),
  }),
);

/** Incidents, one item each (updates inside), written with a version condition. */
export class DynamoDbIncidentStore implements IncidentStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Incident | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key(id), ConsistentRead: true }),
    );
    return Item?.incident as Incident | undefined;
  }

  async create(incident: Incident): Promise<void> {
    await conditionally(`Incident ${incident.id}`, () =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(incident),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async save(incident: Incident): Promise<void> {
    await conditionally(`Incident ${incident.id}`, () =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(incident),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': incident.version - 1 },
        }),
      ),
    );
  }

  async listOpen(): Promise<Incident[]> {
    const items = await queryIndex(this.db, this.tableName, open, OPEN_KEY);
    return items.map((item) => item.incident as Incident);
  }

  async list({ limit, cursor }: { limit: number; cursor?: string | undefined }): Promise<Page<Incident>> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byKind.name,
        KeyConditionExpression: '#pk = :list',
        ExpressionAttributeNames: { '#pk': byKind.partitionKey },
        ExpressionAttributeValues: { ':list': LIST_KEY },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor === undefined ? undefined : cursors.decode(cursor),
      }),
    );
    return {
      items: (page.Items ?? []).map((item) => item.incident as Incident),
      nextCursor: page.LastEvaluatedKey ? cursors.encode(page.LastEvaluatedKey) : null,
    };
  }
}

const key = (id: string) => ({ pk: `INCIDENT#${id}`, sk: ITEM_SORT_KEY });

function toItem(incident: Incident): Record<string, unknown> {
  return {
    ...key(incident.id),
    [byKind.partitionKey]: LIST_KEY,
    [byKind.sortKey]: `${incident.startedAt}#${incident.id}`,
    // Present only while open, so the "open" index holds open incidents and nothing else.
    [open.partitionKey]: isOpen(incident) ? OPEN_KEY : undefined,
    version: incident.version,
    incident,
  };
}
