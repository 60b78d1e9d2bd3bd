import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { formatDrill, restoreDrill } from '../../lambdas/cli/restore-drill';

/**
 * DynamoDB as far as a point-in-time restore goes (dynalite has no PITR): tables that restore as
 * copies of their source, CREATING for a while, then ACTIVE. Records every call.
 */
function fakeDynamoDb(source: Record<string, { S: string }>[], options: { refuse?: string[] } = {}) {
  const tables = new Map<string, { items: typeof source; describes: number; streamArn?: string }>([
    ['lifeboat', { items: source, describes: 0 }],
  ]);
  const calls: string[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, any> }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      const { input } = command;
      calls.push(`${name} ${input.TableName ?? input.TargetTableName ?? ''}`.trim());
      if (options.refuse?.includes(name))
        throw Object.assign(new Error(`${name} is not allowed`), { name: 'AccessDeniedException' });
      const table = tables.get(input.TableName);
      switch (name) {
        case 'DescribeTable':
          if (!table) throw Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' });
          table.describes++;
          return {
            Table: {
              TableStatus: table.describes < 3 ? 'CREATING' : 'ACTIVE',
              GlobalSecondaryIndexes: [],
              LatestStreamArn: table.streamArn,
            },
          };
        case 'RestoreTableToPointInTime':
          tables.set(input.TargetTableName, { items: [...tables.get(input.SourceTableName)!.items], describes: 0 });
          return {};
        case 'UpdateTable':
          if (input.StreamSpecification)
            table!.streamArn = `arn:aws:dynamodb:eu-west-3:123456789012:table/${input.TableName}/stream/2026`;
          return {};
        case 'Scan':
          return { Items: table!.items };
        default:
          return {};
      }
    },
  };
  return { client: client as unknown as DynamoDBClient, calls };
}

const items = [
  { pk: { S: 'INCIDENT#a' }, sk: { S: '#' } },
  { pk: { S: 'INCIDENT#a' }, sk: { S: 'UPDATE#0000000001#x' } },
  { pk: { S: 'SUBSCRIBER#s' }, sk: { S: '#' } },
  { pk: { S: 'APIKEY#h' }, sk: { S: '#' } },
];

describe('the restore drill from point-in-time recovery', () => {
  it('restores into a new table, waits for it, turns on what a restore leaves off, and checks the counts', async () => {
    const { client, calls } = fakeDynamoDb(items);
    const result = await restoreDrill(client, { kind: 'point-in-time', tableName: 'lifeboat' }, 'lifeboat-drill', {
      pollMs: 0,
    });
    expect(result).toMatchObject({
      matches: true,
      notReady: [],
      streamArn: 'arn:aws:dynamodb:eu-west-3:123456789012:table/lifeboat-drill/stream/2026',
      restored: { incidents: 1, subscribers: 1, apiKeys: 1, items: 4 },
    });
    expect(calls.filter((c) => !c.startsWith('DescribeTable') && !c.startsWith('Scan'))).toEqual([
      'RestoreTableToPointInTime lifeboat-drill',
      'UpdateTable lifeboat-drill',
      'UpdateTimeToLive lifeboat-drill',
      'UpdateContinuousBackups lifeboat-drill',
      'UpdateTable lifeboat-drill',
    ]);
    expect(formatDrill(result)).toContain(
      'npx cdk deploy LifeboatService -c lifeboat:tableName=lifeboat-drill -c lifeboat:tableStreamArn=arn:aws:dynamodb:eu-west-3:123456789012:table/lifeboat-drill/stream/2026',
    );
  });

  it('never restores over a table that exists', async () => {
    const { client, calls } = fakeDynamoDb(items);
    await expect(
      restoreDrill(client, { kind: 'point-in-time', tableName: 'lifeboat' }, 'lifeboat', { pollMs: 0 }),
    ).rejects.toThrow(/new table/);
    expect(calls.some((c) => c.startsWith('Restore'))).toBe(false);
  });

  it('reports a step it could not finish, with the reason, instead of failing the restore', async () => {
    const { client } = fakeDynamoDb(items, { refuse: ['UpdateContinuousBackups'] });
    const result = await restoreDrill(client, { kind: 'point-in-time', tableName: 'lifeboat' }, 'lifeboat-drill', {
      pollMs: 0,
    });
    expect(result.notReady).toEqual(['point-in-time recovery: UpdateContinuousBackups is not allowed']);
    expect(formatDrill(result)).toContain('Not ready for the service yet');
  });
});
