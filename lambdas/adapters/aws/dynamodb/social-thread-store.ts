import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SocialThread, SocialThreadStore } from '../../../plan/social-ports';
import { conditionally, versionCondition } from './client';
import { ITEM_SORT_KEY } from './table-design';

/** Each incident's thread on X, one item, written with a version condition. */
export class DynamoDbSocialThreadStore implements SocialThreadStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(incidentId: string): Promise<SocialThread | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key(incidentId), ConsistentRead: true }),
    );
    return Item?.thread as SocialThread | undefined;
  }

  async save(thread: SocialThread): Promise<void> {
    await conditionally(`Thread of incident ${thread.incidentId}`, () =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(thread.incidentId), version: thread.version, thread },
          ...versionCondition(thread.version),
        }),
      ),
    );
  }
}

const key = (incidentId: string) => ({ pk: `THREAD#${incidentId}`, sk: ITEM_SORT_KEY });
