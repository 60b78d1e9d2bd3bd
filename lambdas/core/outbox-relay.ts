import type { DomainEvent } from './events';
import type { EventOutbox, EventPublisher, PendingEvents } from './ports';

export interface RelayReport {
  relayed: number;
  /** Items whose events stay in the outbox for the next pass. */
  failed: PendingEvents[];
}

export interface OutboxRelayDeps {
  outbox: EventOutbox;
  /** Where events go: EventBridge on AWS, the in-process consumers locally. */
  sink: EventPublisher;
  onError: (error: unknown, pending: PendingEvents) => void;
}

/**
 * Passes committed events on to their consumers, then takes them out of the outbox. An event is
 * acknowledged only after the sink took it, so a crash or a failing sink at any moment means it is
 * passed on again later (at least once; consumers recognise a repeat by the event's id). Each
 * item's events go in the order they happened; a failing item does not hold the others back.
 */
export class OutboxRelay {
  constructor(private readonly deps: OutboxRelayDeps) {}

  /** Relays what is waiting (for longer than `olderThanMs`, when given). */
  async drain(options: { limit?: number; olderThanMs?: number; now?: Date } = {}): Promise<RelayReport> {
    const before =
      options.olderThanMs === undefined
        ? undefined
        : new Date((options.now ?? new Date()).getTime() - options.olderThanMs);
    const pending = await this.deps.outbox.pending({ limit: options.limit ?? 100, before });
    return this.relay(pending);
  }

  /** Relays these items' events (the AWS stream handler hands over what each change added). */
  async relay(pending: readonly PendingEvents[]): Promise<RelayReport> {
    const report: RelayReport = { relayed: 0, failed: [] };
    for (const item of pending) {
      try {
        await this.relayItem(item.source, item.events);
        report.relayed += item.events.length;
      } catch (error) {
        report.failed.push(item);
        this.deps.onError(error, item);
      }
    }
    return report;
  }

  private async relayItem(source: string, events: readonly DomainEvent[]): Promise<void> {
    if (!events.length) return;
    await this.deps.sink.publish(events);
    await this.deps.outbox.acknowledge(
      source,
      events.map((e) => e.id),
    );
  }
}
