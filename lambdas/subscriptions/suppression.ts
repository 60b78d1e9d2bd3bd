import { retryOnConflict } from '../core/concurrency';
import { deriveId } from '../core/ids';
import type { Clock, SubscriberStore } from '../core/ports';
import type { Subscriber, SubscriberChannel } from '../core/subscriber';

export type SuppressionReason = 'bounce' | 'complaint' | 'sms-opt-out';
export type Suppress = (channel: SubscriberChannel, address: string, reason: SuppressionReason) => Promise<boolean>;

export const subscriberId = (channel: SubscriberChannel, address: string): string =>
  deriveId('subscriber', channel, address);

/**
 * An address that bounced or complained (SES) or opted out (SMS) is never sent to again. Returns
 * whether anything changed; suppressing twice is harmless.
 */
export function suppressor(store: SubscriberStore, clock: Clock): Suppress {
  return (channel, address, reason) =>
    retryOnConflict('This subscription', async () => {
      const subscriber = await store.get(subscriberId(channel, address.trim().toLowerCase()));
      if (!subscriber || subscriber.state === 'suppressed') return false;
      const at = clock.now().toISOString();
      const next: Subscriber = {
        ...subscriber,
        state: 'suppressed',
        endedAt: at,
        endedReason: reason,
        updatedAt: at,
        expiresAt: null,
        smsCode: null,
        version: subscriber.version + 1,
      };
      await store.save(next);
      return true;
    });
}
