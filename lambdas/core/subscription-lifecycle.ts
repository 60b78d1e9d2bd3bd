import { ForbiddenTransitionError } from './errors';
import type { ConsentRecord, Subscriber, SubscriberState } from './subscriber';

/**
 * The subscriber lifecycle: pending → confirmed → unsubscribed or suppressed.
 * A sign-up starts pending (an import may start it confirmed, the importer's consent on record);
 * a new sign-up while pending starts the opt-in again, with a new link or code. Leaving is final
 * for everything but the person themself: an unsubscribed address may sign up again, but no
 * import brings it back. A suppressed address (it bounced, complained or replied STOP) is never
 * sent to again, whatever anyone does.
 *
 * Each step is pure: it gets the subscriber as read and the time, and returns what the
 * subscriber becomes, or the very same object when the step changes nothing (so nothing is
 * written). Versions are left as read: writing the result makes the next version.
 */
const ALLOWED_TRANSITIONS: Record<SubscriberState, readonly SubscriberState[]> = {
  pending: ['pending', 'confirmed', 'unsubscribed', 'suppressed'],
  confirmed: ['unsubscribed', 'suppressed'],
  unsubscribed: ['pending', 'suppressed'],
  suppressed: [],
};

/** Where a subscriber that does not exist yet may start. */
const FIRST_STATES: readonly SubscriberState[] = ['pending', 'confirmed'];

/** `from` undefined: no such subscriber yet (or a pending one past its expiry, which is gone). */
export function canTransition(from: SubscriberState | undefined, to: SubscriberState): boolean {
  return (from ? ALLOWED_TRANSITIONS[from] : FIRST_STATES).includes(to);
}

export function assertTransition(from: SubscriberState | undefined, to: SubscriberState): void {
  if (canTransition(from, to)) return;
  const allowed = from ? ALLOWED_TRANSITIONS[from] : FIRST_STATES;
  const hint = allowed.length ? `allowed next: ${allowed.join(', ')}` : 'it is final';
  throw new ForbiddenTransitionError(`A subscriber cannot go from ${from ?? 'nothing'} to ${to} (${hint})`, {
    errors: [{ field: 'state', message: `${from ?? 'nothing'} → ${to} is not allowed` }],
  });
}

/** Unsubscribed or suppressed: nothing is sent any more. */
export const hasEnded = (s: Pick<Subscriber, 'state'>): boolean =>
  s.state === 'unsubscribed' || s.state === 'suppressed';

/** What a sign-up or an import says about a new subscriber; the rest comes from the lifecycle. */
export type NewSubscriber = Pick<Subscriber, 'id' | 'channel' | 'address' | 'components' | 'locale'> &
  Partial<Pick<Subscriber, 'smsCode' | 'webhookSecret'>>;

/**
 * A sign-up (re)starts the opt-in: pending until `windowMs` from now, keeping the first sign-up's
 * date and every consent record. A confirmed or suppressed subscriber is left as it is: the
 * sign-up's answer is the same either way, and only what is sent differs.
 */
export function signUp(
  existing: Subscriber | undefined,
  fields: NewSubscriber,
  evidence: ConsentRecord,
  now: string,
  windowMs: number,
): Subscriber {
  if (existing && !canTransition(existing.state, 'pending')) return existing;
  return {
    ...opened(existing, fields, evidence, now),
    expiresAt: Math.floor((Date.parse(now) + windowMs) / 1000),
  };
}

/**
 * The opt-in is answered (the email link's button, the SMS code, the webhook's 2xx, an import
 * "as confirmed"). Confirming twice changes nothing; an ended subscriber cannot be confirmed.
 */
export function confirm(s: Subscriber, evidence: ConsentRecord, now: string): Subscriber {
  if (s.state === 'confirmed') return s;
  assertTransition(s.state, 'confirmed');
  return {
    ...s,
    state: 'confirmed',
    confirmedAt: now,
    updatedAt: now,
    expiresAt: null,
    smsCode: null,
    endedAt: null,
    endedReason: null,
    consent: [...s.consent, evidence],
  };
}

/** Which components to hear about (null: all). Kept in any state: they matter only once confirmed. */
export function changeComponents(s: Subscriber, components: string[] | null, now: string): Subscriber {
  return { ...s, components, updatedAt: now };
}

/** The person leaves, by a one-click link or the manage page. Leaving twice changes nothing. */
export function unsubscribe(s: Subscriber, now: string): Subscriber {
  if (hasEnded(s)) return s;
  assertTransition(s.state, 'unsubscribed');
  return { ...s, state: 'unsubscribed', endedAt: now, endedReason: 'unsubscribed', updatedAt: now, ...closed };
}

export type SuppressionReason = 'bounce' | 'complaint' | 'sms-opt-out';

/** The address bounced or complained (SES) or opted out (SMS): final. Suppressing twice changes nothing. */
export function suppress(s: Subscriber, reason: SuppressionReason, now: string): Subscriber {
  if (s.state === 'suppressed') return s;
  assertTransition(s.state, 'suppressed');
  return { ...s, state: 'suppressed', endedAt: now, endedReason: reason, updatedAt: now, ...closed };
}

/** Whether the SMS code sent at sign-up may still be tried: pending, unexpired, tries left. */
export function mayTrySmsCode(s: Subscriber, nowMs: number): boolean {
  const code = s.smsCode;
  return s.state === 'pending' && !!code && code.attemptsLeft > 0 && Date.parse(code.expiresAt) > nowMs;
}

export type ImportStep =
  | { outcome: 'created' | 'updated'; subscriber: Subscriber }
  | { outcome: 'skipped'; reason: string; subscriber: Subscriber };

/**
 * One row of an import. A new subscriber arrives pending, or confirmed when the row says so (one
 * import, one act of consent on record). One that exists takes the row's components (as
 * Statuspage does) and, if pending, its confirmation. An ended one is never brought back.
 */
export function importInto(
  existing: Subscriber | undefined,
  row: { fields: NewSubscriber; confirmed: boolean },
  evidence: ConsentRecord,
  now: string,
  windowMs: number,
): ImportStep {
  if (existing && hasEnded(existing)) return { outcome: 'skipped', reason: whyEnded(existing), subscriber: existing };
  if (existing) {
    const opted = row.confirmed && existing.state === 'pending' ? confirm(existing, evidence, now) : existing;
    return { outcome: 'updated', subscriber: changeComponents(opted, row.fields.components, now) };
  }
  const subscriber = row.confirmed
    ? { ...opened(undefined, row.fields, evidence, now), state: 'confirmed' as const, confirmedAt: now }
    : signUp(undefined, row.fields, evidence, now, windowMs);
  return { outcome: 'created', subscriber };
}

/** Why an import leaves this subscriber alone, in the operator's words. */
export function whyEnded(s: Subscriber): string {
  const on = s.endedAt ? ` on ${s.endedAt.slice(0, 10)}` : '';
  switch (s.endedReason) {
    case 'bounce':
      return `the address bounced${on}; it is suppressed`;
    case 'complaint':
      return `the recipient marked our mail as spam${on}; it is suppressed`;
    case 'sms-opt-out':
      return `the number replied STOP${on}; it is suppressed`;
    default:
      return s.state === 'suppressed' ? `suppressed${on}` : `unsubscribed${on}; an unsubscribe is final for imports`;
  }
}

/** An ended subscriber has no opt-in under way. */
const closed = { expiresAt: null, smsCode: null } as const;

/** A subscriber at the start of an opt-in: pending, with nothing of a previous one but its history. */
function opened(
  existing: Subscriber | undefined,
  fields: NewSubscriber,
  evidence: ConsentRecord,
  now: string,
): Subscriber {
  return {
    state: 'pending',
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    confirmedAt: null,
    endedAt: null,
    endedReason: null,
    expiresAt: null,
    smsCode: null,
    webhookSecret: null,
    ...fields,
    consent: [...(existing?.consent ?? []), evidence],
    version: existing?.version ?? 0,
  };
}
