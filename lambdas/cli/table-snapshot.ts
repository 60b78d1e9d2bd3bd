/**
 * A table's items as a file, and back: one DynamoDB-JSON item per line (`{"Item": {...}}`), the
 * format DynamoDB's own export to S3 writes, so either can be restored with `lifeboat table import`
 * or `lifeboat restore-drill --from-export`.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ScanCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { createTableIfMissing } from '../adapters/aws/dynamodb/create-table';
import { ITEM_SORT_KEY } from '../adapters/aws/dynamodb/table-design';

export type Item = Record<string, AttributeValue>;

/** What a restore is checked by: the things a lost table would hurt most to lose. */
export interface TableCounts {
  incidents: number;
  subscribers: number;
  apiKeys: number;
  components: number;
  items: number;
}

export const emptyCounts = (): TableCounts => ({ incidents: 0, subscribers: 0, apiKeys: 0, components: 0, items: 0 });

/** Counts an item into the totals, by the kind its keys name (see table-design.ts). */
export function countItem(counts: TableCounts, item: Item): void {
  counts.items++;
  const pk = item.pk?.S ?? '';
  if (item.sk?.S !== ITEM_SORT_KEY) return;
  if (pk.startsWith('INCIDENT#')) counts.incidents++;
  else if (pk.startsWith('SUBSCRIBER#')) counts.subscribers++;
  else if (pk.startsWith('APIKEY#')) counts.apiKeys++;
  else if (pk.startsWith('COMPONENT#')) counts.components++;
}

/** Every item of the table, page by page (a Scan reads at most 1 MB a page). */
export async function* scanTable(db: DynamoDBClient, tableName: string): AsyncGenerator<Item> {
  let startKey: Item | undefined;
  do {
    const page = await db.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    yield* page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

export async function countTable(db: DynamoDBClient, tableName: string): Promise<TableCounts> {
  const counts = emptyCounts();
  for await (const item of scanTable(db, tableName)) countItem(counts, item);
  return counts;
}

/** Writes the table to `write`, one line per item; returns what it wrote. */
export async function exportTable(
  db: DynamoDBClient,
  tableName: string,
  write: (line: string) => Promise<void> | void,
): Promise<TableCounts> {
  const counts = emptyCounts();
  for await (const item of scanTable(db, tableName)) {
    await write(`${JSON.stringify({ Item: item })}\n`);
    countItem(counts, item);
  }
  return counts;
}

/** The items of an export file; a line that is not an item stops the read, naming the line. */
export async function* readExport(path: string): AsyncGenerator<Item> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  for await (const line of lines) {
    number++;
    if (!line.trim()) continue;
    let parsed: { Item?: Item };
    try {
      parsed = JSON.parse(line) as { Item?: Item };
    } catch (error) {
      throw new Error(`${path}:${number} is not JSON`, { cause: error });
    }
    if (!parsed.Item || typeof parsed.Item.pk?.S !== 'string' || typeof parsed.Item.sk?.S !== 'string') {
      throw new Error(
        `${path}:${number} is not an item of a Lifeboat table ({"Item": {"pk": {"S": ...}, "sk": {"S": ...}, ...}})`,
      );
    }
    yield parsed.Item;
  }
}

export async function tableExists(db: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await db.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return false;
    throw error;
  }
}

const BATCH = 25;
const MAX_ROUNDS = 8;

/**
 * Writes the items into the table, creating it (with Lifeboat's keys and indexes) when missing.
 * Writes are puts of whole items, so importing the same file twice leaves the same table; items the
 * table did not take at once (throttling) are retried with backoff, never dropped.
 */
export async function importTable(
  db: DynamoDBClient,
  tableName: string,
  items: AsyncIterable<Item>,
): Promise<TableCounts> {
  await createTableIfMissing(db, tableName);
  const counts = emptyCounts();
  let batch: Item[] = [];
  const flush = async () => {
    let requests: WriteRequest[] = batch.map((Item) => ({ PutRequest: { Item } }));
    batch = [];
    for (let round = 0; requests.length; round++) {
      if (round === MAX_ROUNDS)
        throw new Error(`${requests.length} items were still refused after ${MAX_ROUNDS} tries`);
      if (round) await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * 2 ** round));
      const { UnprocessedItems } = await db.send(
        new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = UnprocessedItems?.[tableName] ?? [];
    }
  };
  for await (const item of items) {
    batch.push(item);
    countItem(counts, item);
    if (batch.length === BATCH) await flush();
  }
  if (batch.length) await flush();
  return counts;
}
