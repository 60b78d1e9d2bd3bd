import type { DomainEvent } from '../../core/events';
import type { EventPublisher } from '../../core/ports';

export type EventSubscriber = (event: DomainEvent) => Promise<void> | void;

/**
 * The local stand-in for the EventBridge bus, as the outbox relay's sink: `publish` resolves once
 * every subscriber has taken each event, and fails if one failed, so the relay keeps the event in
 * the outbox and passes it on again (EventBridge, likewise, retries a target that failed).
 */
export class InProcessEventBus implements EventPublisher {
  private readonly subscribers: EventSubscriber[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly onError: (error: unknown, event: DomainEvent) => void) {}

  subscribe(subscriber: EventSubscriber): void {
    this.subscribers.push(subscriber);
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) {
      const delivery = Promise.allSettled(this.subscribers.map(async (subscriber) => subscriber(event)));
      this.inFlight.add(delivery);
      const results = await delivery.finally(() => this.inFlight.delete(delivery));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        this.onError(failed.reason, event);
        throw failed.reason;
      }
    }
  }

  /** Resolves once every delivery started so far has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }
}
