import type { Clock, SubscriberStore } from '../core/ports';
import { type SubscriberChannel, subscriberId } from '../core/subscriber';
import { type SuppressionReason, suppress } from '../core/subscription-lifecycle';
import { decideAndWrite } from './subscriber-writes';

export type { SuppressionReason };
export type Suppress = (channel: SubscriberChannel, address: string, reason: SuppressionReason) => Promise<boolean>;

/**
 * An address that bounced or complained (SES) or opted out (SMS) is never sent to again. Returns
 * whether anything changed; suppressing twice is harmless.
 */
export function suppressor(store: SubscriberStore, clock: Clock): Suppress {
  return async (channel, address, reason) => {
    const id = subscriberId(channel, address.trim().toLowerCase());
    const { written } = await decideAndWrite(store, id, (existing) => ({
      subscriber: existing && suppress(existing, reason, clock.now().toISOString()),
    }));
    return written;
  };
}
