/**
 * The delivery ledger: one entry per (update, subscriber, channel). A delivery is sent only by
 * whoever claims it; once marked sent it is never claimed again, so a retried or duplicated event
 * sends nothing twice.
 */
export interface DeliveryLedger {
  /** True when this caller may send: never claimed, failed before, or a claim whose lease ran out. */
  claim(key: string, leaseSeconds: number): Promise<boolean>;
  markSent(key: string): Promise<void>;
  markFailed(key: string, reason: string): Promise<void>;
}
