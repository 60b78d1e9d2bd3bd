import { describe, expect, it } from 'vitest';
import { ForbiddenTransitionError } from '../../lambdas/core/errors';
import {
  type ConsentRecord,
  SUBSCRIBER_STATES,
  type Subscriber,
  type SubscriberState,
} from '../../lambdas/core/subscriber';
import {
  assertTransition,
  canTransition,
  changeComponents,
  confirm,
  importInto,
  mayTrySmsCode,
  type NewSubscriber,
  signUp,
  suppress,
  unsubscribe,
  whyEnded,
} from '../../lambdas/core/subscription-lifecycle';

const EARLIER = '2026-11-01T09:00:00.000Z';
const NOW = '2026-11-21T10:00:00.000Z';
const HOUR = 3_600_000;

const evidence = (text = 'signed up'): ConsentRecord => ({
  at: NOW,
  method: 'signup-form',
  ip: '203.0.113.9',
  userAgent: 'test',
  text,
});

const fields: NewSubscriber = {
  id: 'sub1',
  channel: 'email',
  address: 'ada@example.com',
  components: null,
  locale: 'en',
};

/** A subscriber as stored in each state, with what that state leaves behind. */
function subscriberIn(state: SubscriberState): Subscriber {
  const ended = state === 'unsubscribed' || state === 'suppressed';
  return {
    ...fields,
    components: ['api'],
    state,
    createdAt: EARLIER,
    updatedAt: EARLIER,
    confirmedAt: state === 'pending' ? null : EARLIER,
    endedAt: ended ? EARLIER : null,
    endedReason: state === 'unsubscribed' ? 'unsubscribed' : state === 'suppressed' ? 'bounce' : null,
    expiresAt: state === 'pending' ? Date.parse(NOW) / 1000 + 3600 : null,
    consent: [{ ...evidence('first sign-up'), at: EARLIER }],
    smsCode: state === 'pending' ? { hash: 'h', expiresAt: NOW, attemptsLeft: 5 } : null,
    webhookSecret: null,
    version: 3,
  };
}

/** Each step, run on a subscriber in one state: the state it leaves, 'unchanged', or 'refused'. */
const STEPS = {
  'sign up': (s: Subscriber) => signUp(s, fields, evidence(), NOW, HOUR),
  confirm: (s: Subscriber) => confirm(s, evidence('confirmed'), NOW),
  'change components': (s: Subscriber) => changeComponents(s, ['db'], NOW),
  unsubscribe: (s: Subscriber) => unsubscribe(s, NOW),
  suppress: (s: Subscriber) => suppress(s, 'complaint', NOW),
};
type Outcome = SubscriberState | 'unchanged' | 'refused';

const EXPECTED: Record<keyof typeof STEPS, Record<SubscriberState, Outcome>> = {
  'sign up': { pending: 'pending', confirmed: 'unchanged', unsubscribed: 'pending', suppressed: 'unchanged' },
  confirm: { pending: 'confirmed', confirmed: 'unchanged', unsubscribed: 'refused', suppressed: 'refused' },
  'change components': {
    pending: 'pending',
    confirmed: 'confirmed',
    unsubscribed: 'unsubscribed',
    suppressed: 'suppressed',
  },
  unsubscribe: {
    pending: 'unsubscribed',
    confirmed: 'unsubscribed',
    unsubscribed: 'unchanged',
    suppressed: 'unchanged',
  },
  suppress: { pending: 'suppressed', confirmed: 'suppressed', unsubscribed: 'suppressed', suppressed: 'unchanged' },
};

function outcomeOf(step: (s: Subscriber) => Subscriber, before: Subscriber): Outcome {
  try {
    const after = step(before);
    return after === before ? 'unchanged' : after.state;
  } catch (error) {
    if (error instanceof ForbiddenTransitionError) return 'refused';
    throw error;
  }
}

describe('subscriber lifecycle transitions', () => {
  const expected: Record<SubscriberState | 'new', SubscriberState[]> = {
    new: ['pending', 'confirmed'],
    pending: ['pending', 'confirmed', 'unsubscribed', 'suppressed'],
    confirmed: ['unsubscribed', 'suppressed'],
    unsubscribed: ['pending', 'suppressed'],
    suppressed: [],
  };

  for (const from of ['new', ...SUBSCRIBER_STATES] as const) {
    for (const to of SUBSCRIBER_STATES) {
      const allowed = expected[from].includes(to);
      it(`${from} → ${to} is ${allowed ? 'allowed' : 'forbidden'}`, () => {
        const state = from === 'new' ? undefined : from;
        expect(canTransition(state, to)).toBe(allowed);
        if (allowed) expect(() => assertTransition(state, to)).not.toThrow();
        else expect(() => assertTransition(state, to)).toThrow(ForbiddenTransitionError);
      });
    }
  }

  it('explains a forbidden transition with the state field and the allowed next steps', () => {
    expect(() => assertTransition('unsubscribed', 'confirmed')).toThrow(
      expect.objectContaining({
        status: 409,
        message: expect.stringContaining('allowed next: pending, suppressed'),
        errors: [{ field: 'state', message: 'unsubscribed → confirmed is not allowed' }],
      }),
    );
    expect(() => assertTransition('suppressed', 'pending')).toThrow(/it is final/);
  });

  for (const [name, step] of Object.entries(STEPS) as [keyof typeof STEPS, (s: Subscriber) => Subscriber][]) {
    for (const from of SUBSCRIBER_STATES) {
      const outcome = EXPECTED[name][from];
      it(`${name} on a ${from} subscriber: ${outcome}`, () => {
        const before = subscriberIn(from);
        expect(outcomeOf(step, before)).toBe(outcome);
        // Every change of state a step makes is one the table allows; versions stay as read.
        if (outcome !== 'unchanged' && outcome !== 'refused' && outcome !== from) {
          expect(canTransition(from, outcome)).toBe(true);
        }
        if (outcome !== 'refused') expect(step(before).version).toBe(before.version);
      });
    }
  }
});

describe('sign-up', () => {
  it('starts a new subscriber pending until the window ends, with the consent shown', () => {
    const s = signUp(undefined, fields, evidence(), NOW, HOUR);
    expect(s).toEqual({
      ...fields,
      state: 'pending',
      createdAt: NOW,
      updatedAt: NOW,
      confirmedAt: null,
      endedAt: null,
      endedReason: null,
      expiresAt: Date.parse(NOW) / 1000 + 3600,
      consent: [evidence()],
      smsCode: null,
      webhookSecret: null,
      version: 0,
    });
  });

  it('re-subscribes someone who left: a new opt-in, the first sign-up date and every consent kept', () => {
    const before = subscriberIn('unsubscribed');
    const s = signUp(
      before,
      { ...fields, smsCode: { hash: 'new', expiresAt: NOW, attemptsLeft: 5 } },
      evidence(),
      NOW,
      HOUR,
    );
    expect(s).toMatchObject({
      state: 'pending',
      createdAt: EARLIER,
      confirmedAt: null,
      endedAt: null,
      endedReason: null,
      components: null,
      smsCode: { hash: 'new' },
    });
    expect(s.consent).toEqual([...before.consent, evidence()]);
  });

  it('a second sign-up while pending replaces the code and the expiry', () => {
    const before = subscriberIn('pending');
    const s = signUp(before, fields, evidence(), NOW, 2 * HOUR);
    expect(s.smsCode).toBeNull();
    expect(s.expiresAt).toBe(Date.parse(NOW) / 1000 + 7200);
    expect(s.consent).toHaveLength(2);
  });
});

describe('confirm, unsubscribe, suppress', () => {
  it('confirming ends the opt-in and records its evidence', () => {
    const before = subscriberIn('pending');
    const s = confirm(before, evidence('code entered'), NOW);
    expect(s).toMatchObject({ state: 'confirmed', confirmedAt: NOW, updatedAt: NOW, expiresAt: null, smsCode: null });
    expect(s.consent.at(-1)?.text).toBe('code entered');
  });

  it('leaving records when and why, and drops any opt-in under way', () => {
    expect(unsubscribe(subscriberIn('pending'), NOW)).toMatchObject({
      state: 'unsubscribed',
      endedAt: NOW,
      endedReason: 'unsubscribed',
      expiresAt: null,
      smsCode: null,
    });
    expect(suppress(subscriberIn('unsubscribed'), 'sms-opt-out', NOW)).toMatchObject({
      state: 'suppressed',
      endedAt: NOW,
      endedReason: 'sms-opt-out',
    });
  });

  it('changing components keeps the state and the history', () => {
    const before = subscriberIn('confirmed');
    expect(changeComponents(before, null, NOW)).toEqual({ ...before, components: null, updatedAt: NOW });
  });
});

describe('SMS code tries', () => {
  const pending = subscriberIn('pending');
  const at = (iso: string) => Date.parse(iso);
  it('a pending code may be tried until it expires or its tries run out', () => {
    expect(mayTrySmsCode(pending, at(NOW) - 1)).toBe(true);
    expect(mayTrySmsCode(pending, at(NOW))).toBe(false);
    expect(mayTrySmsCode({ ...pending, smsCode: { ...pending.smsCode!, attemptsLeft: 0 } }, at(EARLIER))).toBe(false);
    expect(mayTrySmsCode({ ...pending, smsCode: null }, at(EARLIER))).toBe(false);
    expect(mayTrySmsCode({ ...pending, state: 'confirmed' }, at(EARLIER))).toBe(false);
  });
});

describe('import rows', () => {
  const row = (confirmed: boolean) => ({ fields: { ...fields, components: ['db'] }, confirmed });
  const imported = (existing: Subscriber | undefined, confirmed: boolean) =>
    importInto(existing, row(confirmed), { ...evidence('imported'), method: 'import' }, NOW, HOUR);

  it('creates new subscribers pending, or confirmed when the row says so', () => {
    expect(imported(undefined, false)).toMatchObject({ outcome: 'created', subscriber: { state: 'pending' } });
    const confirmed = imported(undefined, true);
    expect(confirmed).toMatchObject({
      outcome: 'created',
      subscriber: { state: 'confirmed', confirmedAt: NOW, expiresAt: null, components: ['db'], version: 0 },
    });
    expect(confirmed.subscriber.consent).toHaveLength(1);
  });

  it('updates the components of those who exist, and confirms a pending one when the row says so', () => {
    expect(imported(subscriberIn('pending'), false)).toMatchObject({
      outcome: 'updated',
      subscriber: { state: 'pending', components: ['db'] },
    });
    expect(imported(subscriberIn('pending'), true)).toMatchObject({
      outcome: 'updated',
      subscriber: { state: 'confirmed', components: ['db'], confirmedAt: NOW },
    });
    const confirmed = subscriberIn('confirmed');
    const again = imported(confirmed, true);
    expect(again).toMatchObject({ outcome: 'updated', subscriber: { state: 'confirmed', confirmedAt: EARLIER } });
    expect(again.subscriber.consent).toEqual(confirmed.consent);
  });

  it('never brings back someone who left: the row is skipped with the reason, nothing changed', () => {
    for (const state of ['unsubscribed', 'suppressed'] as const) {
      const before = subscriberIn(state);
      const step = imported(before, true);
      expect(step.outcome).toBe('skipped');
      expect(step.subscriber).toBe(before);
    }
  });

  it('says why in the operator’s words', () => {
    const ended = (endedReason: Subscriber['endedReason'], state: SubscriberState = 'suppressed') => ({
      ...subscriberIn(state),
      endedReason,
    });
    expect(whyEnded(ended('bounce'))).toBe('the address bounced on 2026-11-01; it is suppressed');
    expect(whyEnded(ended('complaint'))).toBe('the recipient marked our mail as spam on 2026-11-01; it is suppressed');
    expect(whyEnded(ended('sms-opt-out'))).toBe('the number replied STOP on 2026-11-01; it is suppressed');
    expect(whyEnded(ended('unsubscribed', 'unsubscribed'))).toBe(
      'unsubscribed on 2026-11-01; an unsubscribe is final for imports',
    );
    expect(whyEnded({ ...ended(null), endedAt: null })).toBe('suppressed');
  });
});
