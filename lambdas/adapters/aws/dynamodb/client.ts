import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError, VersionConflictError } from '../../../core/errors';
import * as z from '../../../core/schema';
import { ITEM_SORT_KEY } from './table-design';

/** A document client that drops undefined attributes (optional fields of domain objects). */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

export const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** Runs a conditional write and turns a failed condition into the core's VersionConflictError. */
export async function conditionally<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isConditionFailure(error)) throw new VersionConflictError(what, { cause: error });
    throw error;
  }
}

/**
 * The condition of a versioned write: create at version 1, otherwise replace exactly the version
 * before. A write that loses the race fails instead of overwriting.
 */
export function versionCondition(version: number): {
  ConditionExpression: string;
  ExpressionAttributeValues?: Record<string, number>;
} {
  return version === 1
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': version - 1 } };
}

/** Runs a query to its last page (DynamoDB returns at most 1 MB a page). */
export async function queryAll(
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * Opaque cursors of a listing through the byKind index: the last evaluated key, base64url-encoded,
 * and checked on the way back against the keys of this listing's items (`<itemPrefix>…` under
 * `listKey`), so a forged cursor is a 400, not a query of other items.
 */
export function pageCursors(itemPrefix: string, listKey: string) {
  const shape = z.strictObject({
    pk: z.string().check(z.startsWith(itemPrefix)),
    sk: z.literal(ITEM_SORT_KEY),
    gsi1pk: z.literal(listKey),
    gsi1sk: z.string().check(z.maxLength(100)),
  });
  return {
    encode: (lastKey: Record<string, unknown>): string => Buffer.from(JSON.stringify(lastKey)).toString('base64url'),
    decode: (cursor: string): Record<string, unknown> => {
      try {
        return shape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
      } catch (error) {
        throw new ValidationError('The cursor is not one this API issued', {
          errors: [{ field: 'cursor', message: 'invalid cursor; use nextCursor from a previous page' }],
          cause: error,
        });
      }
    },
  };
}

/** Every item an index holds under one partition key (a "kind": components, open incidents…). */
export function queryIndex(
  db: DynamoDBDocumentClient,
  tableName: string,
  index: { name: string; partitionKey: string },
  key: string,
): Promise<Record<string, unknown>[]> {
  return queryAll(db, {
    TableName: tableName,
    IndexName: index.name,
    KeyConditionExpression: '#pk = :key',
    ExpressionAttributeNames: { '#pk': index.partitionKey },
    ExpressionAttributeValues: { ':key': key },
  });
}
