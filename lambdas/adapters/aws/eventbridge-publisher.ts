import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { DomainEvent } from '../../core/events';
import type { EventPublisher } from '../../core/ports';
import { withRetry } from '../../core/retry';

export const EVENT_SOURCE = 'lifeboat';
const MAX_ENTRIES_PER_CALL = 10;

class PartialPublishError extends Error {
  constructor(readonly failed: PutEventsRequestEntry[]) {
    super(`${failed.length} event(s) were not accepted by EventBridge`);
    this.name = 'PartialPublishError';
  }
}

/**
 * Publishes domain events to an EventBridge bus (detail-type = event type), where the status page
 * and the response plan subscribe by rule. Entries EventBridge did not accept are sent again with
 * backoff and jitter; consumers recognise a repeat by the event's id.
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(events: readonly DomainEvent[]): Promise<void> {
    const entries = events.map<PutEventsRequestEntry>((event) => ({
      EventBusName: this.busName,
      Source: EVENT_SOURCE,
      DetailType: event.type,
      Time: new Date(event.occurredAt),
      Detail: JSON.stringify(event),
    }));
    for (let i = 0; i < entries.length; i += MAX_ENTRIES_PER_CALL) {
      await this.putAll(entries.slice(i, i + MAX_ENTRIES_PER_CALL));
    }
  }

  private async putAll(batch: PutEventsRequestEntry[]): Promise<void> {
    let pending = batch;
    await withRetry(
      async () => {
        const result = await this.client.send(new PutEventsCommand({ Entries: pending }));
        const failed = pending.filter((_, i) => result.Entries?.[i]?.ErrorCode);
        if (failed.length) {
          pending = failed;
          throw new PartialPublishError(failed);
        }
      },
      { attempts: 5, baseDelayMs: 50, maxDelayMs: 1000, retryable: (e) => e instanceof PartialPublishError },
    );
  }
}
