import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SocialNetwork, SocialThread, SocialThreadStore } from '../../../plan/social-ports';
import { conditionally, versionCondition } from './client';
import { ITEM_SORT_KEY } from './table-design';

/** Each incident's thread on each network, one item each, written with a version condition. */
export class DynamoDbSocialThreadStore implements SocialThreadStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(incidentId: string, network: SocialNetwork): Promise<SocialThread | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key(incidentId, network), ConsistentRead: true }),
    );
    const thread = Item?.thread as Omit<SocialThread, 'network'> | undefined;
    // Threads stored before there were other networks than X carry no network.
    return thread && { ...thread, network };
  }

  async save(thread: SocialThread): Promise<void> {
    await conditionally(`Thread of incident ${thread.incidentId} on ${thread.network}`, () =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(thread.incidentId, thread.network), version: thread.version, thread },
          ...versionCondition(thread.version),
        }),
      ),
    );
  }
}

/** X's threads keep the key they had when X was the only network, so threads open across a deploy carry on. */
const key = (incidentId: string, network: SocialNetwork) => ({
  pk: network === 'x' ? `THREAD#${incidentId}` : `THREAD#${incidentId}#${network}`,
  sk: ITEM_SORT_KEY,
});
