/**
 * `lifeboat restore-drill`: restores the table to a NEW table (from point-in-time recovery, or from an
 * export file), readies it for the service (stream, TTL, PITR, deletion protection), checks what it
 * holds against the source and says how to point the service at it. A backup never restored is a
 * hope; this makes restoring a routine.
 */
import {
  DescribeTableCommand,
  type DynamoDBClient,
  RestoreTableToPointInTimeCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLE_DESIGN } from '../adapters/aws/dynamodb/table-design';
import { countTable, importTable, readExport, type TableCounts, tableExists } from './table-snapshot';

export type RestoreSource =
  | { kind: 'export'; path: string }
  /** Point-in-time recovery of a table; the latest restorable time unless `time` is given. */
  | { kind: 'point-in-time'; tableName: string; time?: Date | undefined };

export interface DrillResult {
  target: string;
  /** What the source held: the export's items, or the source table now. */
  expected: TableCounts;
  restored: TableCounts;
  /** Whether the restored counts are the expected ones. */
  matches: boolean;
  /** The restored table's stream, once enabled (the service's outbox relay reads it). */
  streamArn: string | undefined;
  /** Steps readying the table that did not succeed, with why. */
  notReady: string[];
}

export interface DrillOptions {
  /** Waits between status checks while the table restores or updates. */
  pollMs?: number;
  /** How long a restore may take before the drill gives up (PITR restores of large tables take hours). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export class RestoreRefusedError extends Error {
  override name = 'RestoreRefusedError';
}

export async function restoreDrill(
  db: DynamoDBClient,
  source: RestoreSource,
  target: string,
  options: DrillOptions = {},
): Promise<DrillResult> {
  const log = options.log ?? (() => {});
  // Never into a table that exists: a drill must not touch the table the service uses.
  if (await tableExists(db, target))
    throw new RestoreRefusedError(`The table ${target} exists: a drill restores into a new table`);

  let expected: TableCounts;
  if (source.kind === 'export') {
    log(`Restoring ${source.path} into the new table ${target}…`);
    expected = await importTable(db, target, readExport(source.path));
  } else {
    expected = await countTable(db, source.tableName);
    log(
      `Restoring ${source.tableName} as of ${source.time?.toISOString() ?? 'the latest restorable time'} into ${target}…`,
    );
    await db.send(
      new RestoreTableToPointInTimeCommand({
        SourceTableName: source.tableName,
        TargetTableName: target,
        ...(source.time ? { RestoreDateTime: source.time } : { UseLatestRestorableTime: true }),
        BillingModeOverride: 'PAY_PER_REQUEST',
      }),
    );
    await waitUntilActive(db, target, options);
  }
  const notReady = await readyForService(db, target, options);
  const restored = await countTable(db, target);
  const { Table } = await db.send(new DescribeTableCommand({ TableName: target }));
  const keys: (keyof TableCounts)[] = ['incidents', 'subscribers', 'apiKeys', 'components', 'items'];
  return {
    target,
    expected,
    restored,
    matches: keys.every((key) => expected[key] === restored[key]),
    streamArn: Table?.LatestStreamArn,
    notReady,
  };
}

/**
 * A restored table has the data and indexes, not the settings: DynamoDB restores neither the stream
 * the outbox relay reads, nor TTL, PITR or deletion protection. Each is turned on here; one that
 * fails is reported, not fatal (the README gives the command to finish by hand).
 */
async function readyForService(db: DynamoDBClient, tableName: string, options: DrillOptions): Promise<string[]> {
  const steps: [string, () => Promise<unknown>][] = [
    [
      'stream (NEW_AND_OLD_IMAGES)',
      () =>
        db.send(
          new UpdateTableCommand({
            TableName: tableName,
            StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
          }),
        ),
    ],
    [
      'time to live',
      () =>
        db.send(
          new UpdateTimeToLiveCommand({
            TableName: tableName,
            TimeToLiveSpecification: { AttributeName: TABLE_DESIGN.timeToLiveAttribute, Enabled: true },
          }),
        ),
    ],
    [
      'point-in-time recovery',
      () =>
        db.send(
          new UpdateContinuousBackupsCommand({
            TableName: tableName,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ),
    ],
    [
      'deletion protection',
      () => db.send(new UpdateTableCommand({ TableName: tableName, DeletionProtectionEnabled: true })),
    ],
  ];
  const failed: string[] = [];
  for (const [name, step] of steps) {
    try {
      await step();
      await waitUntilActive(db, tableName, options);
    } catch (error) {
      failed.push(`${name}: ${(error as Error).message}`);
    }
  }
  return failed;
}

async function waitUntilActive(db: DynamoDBClient, tableName: string, options: DrillOptions): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 6 * 3600_000);
  for (;;) {
    const { Table } = await db.send(new DescribeTableCommand({ TableName: tableName }));
    if (
      Table?.TableStatus === 'ACTIVE' &&
      (Table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE')
    )
      return;
    if (Date.now() > deadline) throw new Error(`The table ${tableName} is still ${Table?.TableStatus}`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 15_000));
  }
}

/** The drill's report, for a person at a terminal. */
export function formatDrill(result: DrillResult): string {
  const rows = (['incidents', 'subscribers', 'apiKeys', 'components', 'items'] as const).map((key) => {
    const mark = result.expected[key] === result.restored[key] ? 'ok' : 'DIFFERS';
    return `  ${key.padEnd(12)} ${String(result.expected[key]).padStart(8)} ${String(result.restored[key]).padStart(9)}  ${mark}`;
  });
  const lines = [
    `Restored into ${result.target}`,
    `  ${''.padEnd(12)} ${'source'.padStart(8)} ${'restored'.padStart(9)}`,
    ...rows,
    result.matches
      ? 'The restore holds everything the source held.'
      : 'The restore does NOT hold what the source held (see DIFFERS).',
  ];
  if (result.notReady.length)
    lines.push('Not ready for the service yet (finish by hand, see README):', ...result.notReady.map((s) => `  ${s}`));
  lines.push(
    '',
    'To point the service at it:',
    `  npx cdk deploy LifeboatService -c lifeboat:tableName=${result.target} -c lifeboat:tableStreamArn=${result.streamArn ?? `<the stream ARN: aws dynamodb describe-table --table-name ${result.target} --query Table.LatestStreamArn>`}`,
    'A drill table costs only its storage; delete it when done:',
    `  aws dynamodb update-table --table-name ${result.target} --no-deletion-protection-enabled && aws dynamodb delete-table --table-name ${result.target}`,
  );
  return lines.join('\n');
}
