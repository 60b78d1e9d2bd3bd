import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { type BodyLoader, eventsOf, type OutboxEntry } from '../adapters/aws/dynamodb/event-outbox';
import type { OutboxRelay } from '../core/outbox-relay';
import type { Logger, PendingEvents } from '../core/ports';

/** Events waiting longer than this are swept up by the scheduled run. */
export const SWEEP_AFTER_MS = 60_000;

type Image = Record<string, AttributeValue>;

/** What a stream record's change added to its item's outbox: entries in the new image, not in the old. */
export async function addedEvents(
  record: DynamoDBStreamEvent['Records'][number],
  loadBody?: BodyLoader,
): Promise<PendingEvents | null> {
  const image = record.dynamodb?.NewImage as Image | undefined;
  if (!image?.outbox) return null;
  const now = unmarshall(image);
  const before = record.dynamodb?.OldImage ? unmarshall(record.dynamodb.OldImage as Image) : {};
  const old = new Set(Object.keys((before.outbox as object | undefined) ?? {}));
  const added = Object.fromEntries(
    Object.entries(now.outbox as Record<string, OutboxEntry>).filter(([id]) => !old.has(id)),
  );
  if (!Object.keys(added).length) return null;
  return { source: JSON.stringify({ pk: now.pk, sk: now.sk }), events: await eventsOf(added, loadBody) };
}

/**
 * Stream records are relayed in order; the first record that fails is reported with everything
 * after it (the stream's partial batch response), so Lambda retries from there, in order.
 */
export function makeOutboxRelayHandler(deps: {
  relay: OutboxRelay;
  logger: Logger /** Reads update texts the outbox keeps apart. */;
  loadBody?: BodyLoader;
}) {
  return async (event: DynamoDBStreamEvent | { sweep: true }): Promise<DynamoDBBatchResponse | undefined> => {
    if ('sweep' in event) {
      const report = await deps.relay.drain({ olderThanMs: SWEEP_AFTER_MS, limit: 100 });
      if (report.relayed) deps.logger.warn('Swept up events the stream had not relayed', { relayed: report.relayed });
      return undefined;
    }
    for (const record of event.Records) {
      const pending = await addedEvents(record, deps.loadBody);
      if (!pending) continue;
      const { failed } = await deps.relay.relay([pending]);
      if (failed.length) return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
    return { batchItemFailures: [] };
  };
}
