import { Logger } from '@aws-lambda-powertools/logger';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lambdas/core/events';
import { OutboxRelay } from '../../lambdas/core/outbox-relay';
import type { EventOutbox, PendingEvents } from '../../lambdas/core/ports';
import { makeOutboxRelayHandler } from '../../lambdas/handlers/outbox-relay';

const event = (id: string): DomainEvent => ({
  type: 'outage_page.updated',
  id,
  occurredAt: '2026-11-21T10:00:00.000Z',
  actor: { channel: 'api', name: 'on-call' },
  message: id,
});

/** An outbox in memory: items of waiting events, emptied by acknowledge. */
class MemoryOutbox implements EventOutbox {
  constructor(readonly items: Map<string, DomainEvent[]>) {}
  async pending(): Promise<PendingEvents[]> {
    return [...this.items]
      .filter(([, events]) => events.length)
      .map(([source, events]) => ({ source, events: [...events] }));
  }
  async acknowledge(source: string, ids: readonly string[]) {
    this.items.set(
      source,
      (this.items.get(source) ?? []).filter((e) => !ids.includes(e.id)),
    );
  }
}

describe('the outbox relay', () => {
  it('keeps events whose publish failed, and passes them on in order the next time', async () => {
    const outbox = new MemoryOutbox(
      new Map([
        ['incident-a', [event('a1'), event('a2')]],
        ['incident-b', [event('b1')]],
      ]),
    );
    const published: string[] = [];
    let failures = 1;
    const relay = new OutboxRelay({
      outbox,
      sink: {
        publish: async (events) => {
          if (events[0]!.id === 'a1' && failures-- > 0) throw new Error('EventBridge is unavailable');
          published.push(...events.map((e) => e.id));
        },
      },
      onError: () => {},
    });
    const first = await relay.drain();
    expect(first.relayed).toBe(1);
    expect(first.failed.map((f) => f.source)).toEqual(['incident-a']);
    expect(published).toEqual(['b1']);
    expect(outbox.items.get('incident-a')).toHaveLength(2);

    expect((await relay.drain()).relayed).toBe(2);
    expect(published).toEqual(['b1', 'a1', 'a2']);
    expect((await relay.drain()).relayed).toBe(0);
  });
});

const image = (outbox: Record<string, DomainEvent>) =>
  marshall({
    pk: 'INCIDENT#a',
    sk: '#',
    outboxPk: 'PENDING',
    outbox: Object.fromEntries(Object.entries(outbox).map(([id, e], i) => [id, { n: i, event: JSON.stringify(e) }])),
  });

const streamRecord = (
  sequence: string,
  before: Record<string, DomainEvent> | null,
  after: Record<string, DomainEvent>,
) =>
  ({
    eventName: before ? 'MODIFY' : 'INSERT',
    dynamodb: { SequenceNumber: sequence, NewImage: image(after), ...(before ? { OldImage: image(before) } : {}) },
  }) as unknown as DynamoDBStreamEvent['Records'][number];

describe('the outbox relay on the DynamoDB stream', () => {
  it('relays only what each change added, and on failure retries from the failed record on', async () => {
    const published: string[] = [];
    const acknowledged: string[] = [];
    let fail = false;
    const relay = new OutboxRelay({
      outbox: { pending: async () => [], acknowledge: async (_source, ids) => void acknowledged.push(...ids) },
      sink: {
        publish: async (events) => {
          if (fail) throw new Error('down');
          published.push(...events.map((e) => e.id));
        },
      },
      onError: () => {},
    });
    const handler = makeOutboxRelayHandler({ relay, logger: new Logger({ logLevel: 'SILENT' }) });
    const [a1, a2, a3] = [event('a1'), event('a2'), event('a3')];
    const response = await handler({
      Records: [
        streamRecord('100', null, { a1: a1 }),
        // The next change adds a2 while a1 still waits: only a2 is this change's.
        streamRecord('200', { a1: a1 }, { a1: a1, a2: a2 }),
        // The relay's own acknowledgement: nothing new.
        streamRecord('300', { a1: a1, a2: a2 }, { a2: a2 }),
      ],
    });
    expect(response).toEqual({ batchItemFailures: [] });
    expect(published).toEqual(['a1', 'a2']);
    expect(acknowledged).toEqual(['a1', 'a2']);

    fail = true;
    const failed = await handler({
      Records: [streamRecord('400', {}, { a3: a3 }), streamRecord('500', { a3: a3 }, { a3: a3, a4: event('a4') })],
    });
    expect(failed).toEqual({ batchItemFailures: [{ itemIdentifier: '400' }] });
  });

  it('sweeps up events waiting longer than a minute when run on its schedule', async () => {
    const asked: { before?: Date | undefined }[] = [];
    const relay = new OutboxRelay({
      outbox: {
        pending: async (options) => {
          asked.push(options);
          return [{ source: 's', events: [event('late')] }];
        },
        acknowledge: async () => {},
      },
      sink: { publish: async () => {} },
      onError: () => {},
    });
    const handler = makeOutboxRelayHandler({ relay, logger: new Logger({ logLevel: 'SILENT' }) });
    await handler({ sweep: true });
    expect(Date.now() - asked[0]!.before!.getTime()).toBeGreaterThanOrEqual(60_000);
  });
});
