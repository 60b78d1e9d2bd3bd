import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { VersionConflictError } from '../../../core/errors';
import type { DomainEvent } from '../../../core/events';
import { type Incident, type IncidentUpdate, isOpen } from '../../../core/incident';
import type { IncidentStore, Page } from '../../../core/ports';
import { conditionally, pageCursors, queryAll, queryIndex } from './client';
import { type ItemKey, outboxEntry, outboxUpdate, withOutboxMap } from './event-outbox';
import { ITEM_SORT_KEY, TABLE_DESIGN } from './table-design';

const { byKind, open, outbox: outboxIndex } = TABLE_DESIGN.indexes;
const LIST_KEY = 'INCIDENTS';
const OPEN_KEY = 'OPEN';

/** What a listing cursor may contain: the index key of the last incident returned, nothing else. */
const cursors = pageCursors('INCIDENT#', LIST_KEY);

/**
 * Incidents: in each incident's partition, one item for the incident (`#`, the header: every field
 * but the updates, the version and the outbox) and one item per update (`UPDATE#<number>#<nonce>`),
 * so an incident takes any number of updates and no item grows with them. A change writes its update
 * item first, then the header with a version condition: the header is the commit point. It names its
 * newest update item and each update item names the one before it, so readers follow that chain from
 * the header and ignore what a writer that lost a race or crashed left behind (a nonce in each update
 * item's key means such a leftover never overwrites a committed update).
 *
 * The events of each change are written in the header's outbox by the same request: committed
 * together or not at all, without transactions (which dynalite lacks). Saves are updates, not puts,
 * so events still waiting in the outbox are kept.
 *
 * Listings (`list`, `listOpen`) also read each incident's updates, one query per incident: the status
 * site and the Statuspage JSON show every update of every incident, and the API and status listings
 * show them too, so a bounded summary on the header could not serve them.
 *
 * Headers written before updates had items of their own hold them inside (`incident.updates`, no
 * `lastUpdateKey`); they read as before, and their first save moves the updates out.
 */
export class DynamoDbIncidentStore implements IncidentStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Incident | undefined> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': key(id).pk },
      ConsistentRead: true,
    });
    const header = items.find((item) => item.sk === ITEM_SORT_KEY);
    return header && assemble(header, items);
  }

  async create(incident: Incident, events: readonly DomainEvent[]): Promise<void> {
    const { chain } = await this.putUpdates(incident.id, incident.updates, 0, null);
    const bodyAt = announcedBodyAt(incident, chain);
    const outbox = Object.fromEntries(
      events.map((event, i) => [event.id, outboxEntry(event, order(event, i), bodyAt(event))]),
    );
    const waiting = events.length
      ? { [outboxIndex.partitionKey]: 'PENDING', [outboxIndex.sortKey]: events[0]!.occurredAt }
      : {};
    await conditionally(`Incident ${incident.id}`, () =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...toItem(incident, chain), outbox, ...waiting },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async save(incident: Incident, events: readonly DomainEvent[]): Promise<void> {
    const expected = incident.version - 1;
    // Which update the stored version ends with, so the new updates chain onto it. A writer that
    // is already behind stops here, before it writes an update item nobody will read.
    const { Item: stored } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: key(incident.id),
        ConsistentRead: true,
        ProjectionExpression: '#version, updateCount, lastUpdateKey',
        ExpressionAttributeNames: { '#version': 'version' },
      }),
    );
    if (!stored || stored.version !== expected) throw new VersionConflictError(`Incident ${incident.id}`);
    // A header from before updates had items of their own: this save moves all its updates out.
    const legacy = stored.lastUpdateKey === undefined;
    const storedCount = legacy ? 0 : (stored.updateCount as number);
    const previousKey = legacy ? null : (stored.lastUpdateKey as string);
    const { chain } = await this.putUpdates(incident.id, incident.updates.slice(storedCount), storedCount, previousKey);

    const { pk: _pk, sk: _sk, ...attributes } = toItem(incident, chain);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':expected': expected };
    const sets: string[] = [];
    const removes: string[] = [];
    Object.entries(attributes).forEach(([name, value], i) => {
      names[`#a${i}`] = name;
      if (value === undefined) removes.push(`#a${i}`);
      else {
        sets.push(`#a${i} = :a${i}`);
        values[`:a${i}`] = value;
      }
    });
    // Update items written for a commit that then loses its race stay behind: no header names them,
    // so no reader reads them (no Lifeboat role may delete, and a lost race is rare).
    // The version orders the writes; the chain condition makes sure the update items just written
    // hang off the update this version really ends with.
    let condition = '#version = :expected AND attribute_not_exists(#lastUpdateKey)';
    if (previousKey !== null) {
      condition = '#version = :expected AND #lastUpdateKey = :previousKey';
      values[':previousKey'] = previousKey;
    }
    const outbox = outboxUpdate(events, order, announcedBodyAt(incident, chain));
    const expression = `SET ${[...sets, ...outbox.sets].join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`;
    await this.withOutboxMap(incident.id, () =>
      conditionally(`Incident ${incident.id}`, () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key(incident.id),
            UpdateExpression: expression,
            ConditionExpression: condition,
            ExpressionAttributeNames: {
              ...names,
              ...outbox.names,
              '#version': 'version',
              '#lastUpdateKey': 'lastUpdateKey',
            },
            ExpressionAttributeValues: { ...values, ...outbox.values },
          }),
        ),
      ),
    );
  }

  /**
   * Writes updates as items of their own, numbered after `before` and chained onto `previousKey`,
   * before the header that commits them. Each key is new (a nonce), so the puts never overwrite.
   */
  private async putUpdates(
    id: string,
    updates: readonly IncidentUpdate[],
    before: number,
    previousKey: string | null,
  ): Promise<{ chain: UpdateChain }> {
    let previous = previousKey;
    const items = updates.map((update, i) => {
      const item = {
        pk: key(id).pk,
        sk: `${updatePrefix(before + i + 1)}${randomUUID()}`,
        previousKey: previous,
        update,
      };
      previous = item.sk;
      return item;
    });
    await Promise.all(
      items.map((Item) =>
        conditionally(`Update of incident ${id}`, () =>
          this.db.send(
            new PutCommand({ TableName: this.tableName, Item, ConditionExpression: 'attribute_not_exists(sk)' }),
          ),
        ),
      ),
    );
    return { chain: { updateCount: before + updates.length, lastUpdateKey: previous } };
  }

  async announce(id: string, events: readonly DomainEvent[]): Promise<void> {
    if (!events.length) return;
    const outbox = outboxUpdate(events, order);
    await this.withOutboxMap(id, () =>
      conditionally(`Incident ${id}`, () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key(id),
            UpdateExpression: `SET ${outbox.sets.join(', ')}`,
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: outbox.names,
            ExpressionAttributeValues: outbox.values,
          }),
        ),
      ),
    );
  }

  private withOutboxMap(id: string, write: () => Promise<unknown>): Promise<void> {
    return withOutboxMap(this.db, this.tableName, key(id), write);
  }

  async listOpen(): Promise<Incident[]> {
    const items = await queryIndex(this.db, this.tableName, open, OPEN_KEY);
    return Promise.all(items.map((item) => this.withUpdates(item)));
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
      items: await Promise.all((page.Items ?? []).map((item) => this.withUpdates(item))),
      nextCursor: page.LastEvaluatedKey ? cursors.encode(page.LastEvaluatedKey) : null,
    };
  }

  /** A header (as an index returns it) with its updates: those up to its count, read from the table. */
  private async withUpdates(header: Record<string, unknown>): Promise<Incident> {
    if (header.lastUpdateKey === undefined) return assemble(header, []);
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
      ExpressionAttributeValues: {
        ':pk': header.pk,
        ':first': UPDATE_PREFIX,
        ':last': `${updatePrefix(header.updateCount as number)}\uffff`,
      },
      ConsistentRead: true,
    });
    return assemble(header, items);
  }
}

const key = (id: string) => ({ pk: `INCIDENT#${id}`, sk: ITEM_SORT_KEY });

/**
 * The order of an incident's events: by the incident version that caused them (its update number),
 * then as the step listed them (the incident's own event before the component changes it caused).
 */
function order(event: DomainEvent, i: number): number {
  const version = 'incident' in event ? event.incident.version : Number(/\.v(\d+)\./.exec(event.id)?.[1] ?? 0);
  return version * 1000 + i;
}

/** Which update items the header commits: how many, and the newest, from which the chain leads back. */
interface UpdateChain {
  updateCount: number;
  lastUpdateKey: string | null;
}

const UPDATE_PREFIX = 'UPDATE#';
/** Zero-padded, so the items sort by number. */
const updatePrefix = (n: number) => `${UPDATE_PREFIX}${String(n).padStart(10, '0')}#`;

/**
 * Where the outbox finds the text of the update a change announces: in the update's own item, just
 * written. Events wait in the outbox without it, so however many wait, the incident's item stays small.
 */
function announcedBodyAt(incident: Incident, chain: UpdateChain): (event: DomainEvent) => ItemKey | undefined {
  const newest = incident.updates.at(-1);
  return (event) =>
    'update' in event && chain.lastUpdateKey !== null && event.update.id === newest?.id
      ? { pk: key(incident.id).pk, sk: chain.lastUpdateKey }
      : undefined;
}

function toItem(incident: Incident, chain: UpdateChain): Record<string, unknown> {
  const { updates: _updates, ...header } = incident;
  return {
    ...key(incident.id),
    [byKind.partitionKey]: LIST_KEY,
    [byKind.sortKey]: `${incident.startedAt}#${incident.id}`,
    // Present only while open, so the "open" index holds open incidents and nothing else.
    [open.partitionKey]: isOpen(incident) ? OPEN_KEY : undefined,
    version: incident.version,
    incident: header,
    ...chain,
  };
}

/**
 * The incident a header commits: its updates are the chain from its newest update item back, so
 * items of writes that never committed are left out. A header without a chain holds its updates.
 */
function assemble(header: Record<string, unknown>, items: readonly Record<string, unknown>[]): Incident {
  const incident = header.incident as Incident;
  if (header.lastUpdateKey === undefined) return incident;
  const bySortKey = new Map(items.map((item) => [item.sk as string, item]));
  const updates: IncidentUpdate[] = [];
  for (let at = header.lastUpdateKey as string | null; at !== null; ) {
    const item = bySortKey.get(at);
    if (!item) throw new Error(`Incident ${incident.id}: its update ${at} is missing`);
    updates.push(item.update as IncidentUpdate);
    at = (item.previousKey as string | null | undefined) ?? null;
  }
  if (updates.length !== header.updateCount)
    throw new Error(`Incident ${incident.id}: ${updates.length} of ${String(header.updateCount)} updates found`);
  return { ...incident, updates: updates.reverse() };
}
