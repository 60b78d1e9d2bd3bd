import { retryOnConflict } from '../core/concurrency';
import type { SubscriberStore } from '../core/ports';
import type { Subscriber } from '../core/subscriber';

const WHAT = 'This subscription';

/** Writes a lifecycle step's result (left at the version it was read at) as the next version. */
export async function write(store: SubscriberStore, next: Subscriber): Promise<Subscriber> {
  const written = { ...next, version: next.version + 1 };
  await store.save(written);
  return written;
}

/**
 * Reads a subscriber, lets `decide` say what it becomes, and writes that conditionally. Parallel
 * requests for one address race for one item: the loser reads again and decides again. A decision
 * that leaves the subscriber as read (or none) writes nothing.
 */
export function decideAndWrite<T extends { subscriber?: Subscriber | undefined }>(
  store: SubscriberStore,
  id: string,
  decide: (existing: Subscriber | undefined) => T,
): Promise<T & { written: boolean }> {
  return retryOnConflict(WHAT, async () => {
    const existing = await store.get(id);
    const step = decide(existing);
    if (!step.subscriber || step.subscriber === existing) return { ...step, written: false };
    return { ...step, subscriber: await write(store, step.subscriber), written: true };
  });
}

/** Applies a step to the latest stored version, retrying if another write came first. */
export function update(
  store: SubscriberStore,
  subscriber: Subscriber,
  step: (s: Subscriber) => Subscriber,
): Promise<Subscriber> {
  let current: Subscriber | undefined;
  return retryOnConflict(WHAT, async () => {
    current = current ? ((await store.get(subscriber.id)) ?? current) : subscriber;
    const next = step(current);
    return next === current ? current : write(store, next);
  });
}
