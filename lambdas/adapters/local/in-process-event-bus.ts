import type { DomainEvent } from '../../core/events';
import type { EventPublisher } from '../../core/ports';

export type EventSubscriber = (event: DomainEvent) => Promise<void> | void;

/**
 * The local stand-in for the EventBridge bus. Like the bus, it delivers after the publisher has
 * moved on, so a slow or failing subscriber never slows or fails the request that caused the event.
 */
export class InProcessEventBus implements EventPublisher {
  private readonly subscribers: EventSubscriber[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly onError: (error: unknown, event: DomainEvent) => void) {}

  subscribe(subscriber: EventSubscriber): void {
    this.subscribers.push(subscriber);
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) {
      for (const subscriber of this.subscribers) {
        const delivery = Promise.resolve()
          .then(() => subscriber(event))
          .catch((error: unknown) => this.onError(error, event))
          .finally(() => this.inFlight.delete(delivery));
        this.inFlight.add(delivery);
      }
    }
  }

  /** Resolves once every delivery started so far has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }
}
