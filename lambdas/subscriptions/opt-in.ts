import { randomInt, timingSafeEqual } from 'node:crypto';
import type { LifeboatConfig } from '../core/config';
import { LifeboatError } from '../core/errors';
import type { Clock, EmailSender, SubscriberStore, WebhookSender } from '../core/ports';
import type { Subscriber } from '../core/subscriber';
import { canTransition, confirm, hasEnded, mayTrySmsCode } from '../core/subscription-lifecycle';
import type { TokenSigner } from '../core/tokens';
import { MESSAGES } from '../render/i18n';
import { confirmationEmail } from '../render/subscriber-messages';
import { consent, type RequestOrigin } from './consent';
import { type SubscriberLinks, staleLink } from './links';
import { update } from './subscriber-writes';

/** How long an email or webhook opt-in waits for its answer. */
export const CONFIRM_WINDOW_MS = 48 * 3_600_000;
/** How long an SMS code may be entered, and how many times. */
export const SMS_CODE_WINDOW_MS = 15 * 60_000;
const SMS_CODE_ATTEMPTS = 5;

export class WrongCodeError extends LifeboatError {
  readonly status = 400;
  readonly type = 'wrong-code';
}

export interface OptInDeps {
  config: LifeboatConfig;
  store: SubscriberStore;
  tokens: TokenSigner;
  email: EmailSender;
  webhooks: WebhookSender;
  clock: Clock;
  links: SubscriberLinks;
}

/**
 * Double opt-in on each channel: an email link whose button confirms, a code texted to the number,
 * a signed ping the webhook must answer. Each answer is recorded as consent evidence.
 */
export class OptIn {
  constructor(private readonly deps: OptInDeps) {}

  /** Sends the email with the link that confirms a pending subscriber. */
  async sendEmailLink(subscriber: Pick<Subscriber, 'id' | 'address' | 'locale'>): Promise<void> {
    const link = await this.deps.links.confirmUrl(subscriber, this.after(CONFIRM_WINDOW_MS));
    await this.deps.email.send(confirmationEmail(this.deps.config, subscriber.locale, subscriber.address, link));
  }

  /** The token an SMS code is entered with; it expires with the code. */
  smsVerifyToken(subscriber: Pick<Subscriber, 'id'>): Promise<string> {
    return this.deps.links.verifySmsToken(subscriber, this.after(SMS_CODE_WINDOW_MS));
  }

  /** A new six-digit code for this subscriber, and what is kept of it (its hash, expiry and tries). */
  async newSmsCode(subscriber: Pick<Subscriber, 'id'>): Promise<{ code: string; smsCode: Subscriber['smsCode'] }> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const smsCode = {
      hash: await this.deps.tokens.hashCode(subscriber.id, code),
      expiresAt: this.after(SMS_CODE_WINDOW_MS).toISOString(),
      attemptsLeft: SMS_CODE_ATTEMPTS,
    };
    return { code, smsCode };
  }

  /** Posts the signed verification to a webhook; a 2xx answer confirms it. */
  async pingWebhook(subscriber: Subscriber, origin: RequestOrigin, consentText: string): Promise<void> {
    const { config } = this.deps;
    if (!subscriber.webhookSecret) return;
    const { status } = await this.deps.webhooks.post(
      subscriber.address,
      {
        type: 'subscription.verify',
        page: { id: config.page.id, name: config.page.name, url: config.page.url },
        subscriber: { id: subscriber.id },
        signingSecret: subscriber.webhookSecret,
      },
      subscriber.webhookSecret,
    );
    if (status < 200 || status >= 300 || subscriber.state === 'confirmed') return;
    await update(this.deps.store, subscriber, (s) => {
      if (!canTransition(s.state, 'confirmed')) return s;
      const now = this.now();
      return confirm(s, consent(origin, 'webhook-ping', now, `${consentText}: verification answered ${status}`), now);
    });
  }

  /** The subscriber a confirmation link is for, changing nothing (a GET: link scanners follow it). */
  confirmation(token: string | undefined): Promise<Subscriber> {
    return this.deps.links.subscriberOf(token, 'confirm');
  }

  /** The email link's button: confirms a pending email subscriber. Doing it twice is harmless. */
  async confirmEmail(token: string | undefined, origin: RequestOrigin): Promise<Subscriber> {
    const subscriber = await this.deps.links.subscriberOf(token, 'confirm');
    if (subscriber.state === 'confirmed') return subscriber;
    if (!canTransition(subscriber.state, 'confirmed')) throw staleLink();
    const text = MESSAGES[subscriber.locale].subscribe.confirmEmailSubject(this.deps.config.page.name);
    return update(this.deps.store, subscriber, (s) => {
      if (hasEnded(s)) throw staleLink();
      const now = this.now();
      return confirm(s, consent(origin, 'email-link', now, text), now);
    });
  }

  /** The SMS code, as entered on the page. */
  async verifySms(token: string | undefined, code: string | undefined, origin: RequestOrigin): Promise<Subscriber> {
    const subscriber = await this.deps.links.subscriberOf(token, 'verify-sms');
    const pending = subscriber.smsCode;
    if (!pending || !mayTrySmsCode(subscriber, this.deps.clock.now().getTime())) throw wrongCode();
    // Every try, right or wrong, first takes one of the code's tries in one atomic write: parallel
    // guesses cannot all read "5 left" and each compare for free.
    if (!(await this.deps.store.takeSmsAttempt(subscriber.id))) throw wrongCode();
    const expected = Buffer.from(pending.hash);
    const given = Buffer.from(await this.deps.tokens.hashCode(subscriber.id, (code ?? '').trim()));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw wrongCode();
    const text = MESSAGES[subscriber.locale].subscribe.smsCode(this.deps.config.page.name, '******');
    return update(this.deps.store, subscriber, (s) => {
      // A new sign-up in between sent a new code: this one no longer counts.
      if (s.state !== 'pending' || s.smsCode?.hash !== pending.hash) throw wrongCode();
      const now = this.now();
      return confirm(s, consent(origin, 'sms-code', now, text), now);
    });
  }

  private after(ms: number): Date {
    return new Date(this.deps.clock.now().getTime() + ms);
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

const wrongCode = () =>
  new WrongCodeError('That code is not right, or it has expired', {
    errors: [{ field: 'code', message: 'wrong or expired code' }],
  });
