import { randomBytes } from 'node:crypto';
import type { LifeboatConfig } from '../core/config';
import type { Clock, EmailSender, SmsSender, SubscriberStore } from '../core/ports';
import { type ConsentRecord, type Subscriber, subscriberId } from '../core/subscriber';
import type { SubscribeCommand } from '../core/subscriber-commands';
import { type NewSubscriber, signUp } from '../core/subscription-lifecycle';
import { MESSAGES } from '../render/i18n';
import { alreadySubscribedEmail, smsCodeText } from '../render/subscriber-messages';
import { consent, type RequestOrigin } from './consent';
import type { SubscriberLinks } from './links';
import { CONFIRM_WINDOW_MS, type OptIn, SMS_CODE_WINDOW_MS } from './opt-in';
import type { SignUpLimits } from './sign-up-limits';
import type { SignUpRules } from './sign-up-rules';
import { decideAndWrite } from './subscriber-writes';

export type SubscribeOutcome = { channel: 'email' } | { channel: 'sms'; verifyToken: string } | { channel: 'webhook' };

export interface SignUpDeps {
  config: LifeboatConfig;
  store: SubscriberStore;
  email: EmailSender;
  sms: SmsSender;
  clock: Clock;
  rules: SignUpRules;
  limits: SignUpLimits;
  optIn: OptIn;
  links: SubscriberLinks;
}

type Wanted = Pick<Subscriber, 'components' | 'locale'>;

/**
 * Sign-ups on the three channels. Every answer is the same whether the address is new, pending,
 * confirmed or suppressed, so the endpoint tells nobody who is subscribed; what differs is only
 * what is sent, and to whom.
 */
export class SignUp {
  constructor(private readonly deps: SignUpDeps) {}

  async subscribe(command: SubscribeCommand, origin: RequestOrigin): Promise<SubscribeOutcome[]> {
    await this.deps.limits.perClient(origin);
    const wanted: Wanted = {
      components: this.deps.rules.components(command.components),
      locale: command.locale ?? this.deps.config.page.locale,
    };
    const outcomes: SubscribeOutcome[] = [];
    if (command.email) outcomes.push(await this.email(command.email, wanted, origin));
    if (command.phone) outcomes.push(await this.sms(command.phone, wanted, origin));
    if (command.webhook) outcomes.push(await this.webhook(command.webhook, wanted, origin));
    return outcomes;
  }

  private async email(raw: string, wanted: Wanted, origin: RequestOrigin): Promise<SubscribeOutcome> {
    const { config, rules, limits } = this.deps;
    rules.assertOffered('email', 'email');
    const address = await rules.address('email', raw, 'email');
    const id = subscriberId('email', address);
    const mayContact = await limits.addressMayBeContacted('email', address);
    const text = MESSAGES[wanted.locale].subscribe.emailConsent(config.page.name);
    const signup = consent(origin, origin.via, this.now(), text);
    const { subscriber } = await this.start({ id, channel: 'email', address, ...wanted }, signup, CONFIRM_WINDOW_MS);
    if (!mayContact || subscriber.state === 'suppressed') return { channel: 'email' };
    if (subscriber.state === 'confirmed') {
      const { links } = this.deps;
      const urls = { manage: await links.manageUrl(subscriber), unsubscribe: await links.unsubscribeUrl(subscriber) };
      await this.deps.email.send(alreadySubscribedEmail(config, subscriber.locale, address, urls));
      return { channel: 'email' };
    }
    await this.deps.optIn.sendEmailLink(subscriber);
    return { channel: 'email' };
  }

  private async sms(raw: string, wanted: Wanted, origin: RequestOrigin): Promise<SubscribeOutcome> {
    const { config, rules, limits, optIn } = this.deps;
    rules.assertOffered('sms', 'phone');
    const address = await rules.address('sms', raw, 'phone');
    await limits.smsSignUp(origin, await rules.smsCountry(address, 'phone'), address);
    const id = subscriberId('sms', address);
    const verifyToken = await optIn.smsVerifyToken({ id });
    if (await this.deps.sms.isOptedOut(address)) return { channel: 'sms', verifyToken };

    const { code, smsCode } = await optIn.newSmsCode({ id });
    const { termsUrl, privacyUrl } = config.subscriptions;
    const text = MESSAGES[wanted.locale].subscribe.smsConsent(config.page.name, termsUrl ?? null, privacyUrl ?? null);
    const signup = consent(origin, origin.via, this.now(), text);
    const { written } = await this.start(
      { id, channel: 'sms', address, ...wanted, smsCode },
      signup,
      SMS_CODE_WINDOW_MS,
    );
    if (written && (await limits.addressMayBeContacted('sms', address))) {
      await this.deps.sms.send({ to: address, body: smsCodeText(config, wanted.locale, code) });
    }
    return { channel: 'sms', verifyToken };
  }

  private async webhook(raw: string, wanted: Wanted, origin: RequestOrigin): Promise<SubscribeOutcome> {
    const { config, rules } = this.deps;
    rules.assertOffered('webhook', 'webhook');
    const address = await rules.address('webhook', raw, 'webhook');
    await rules.assertPublicWebhook(address, 'webhook');
    const id = subscriberId('webhook', address);
    if (!(await this.deps.limits.addressMayBeContacted('webhook', address))) return { channel: 'webhook' };
    const text = `Webhook notifications from ${config.page.name}`;
    const signup = consent(origin, origin.via, this.now(), text);
    const fields: NewSubscriber = { id, channel: 'webhook', address, ...wanted };
    // The secret travels only to the URL itself, so only its owner learns it; a new sign-up keeps it.
    const { subscriber } = await this.start(fields, signup, CONFIRM_WINDOW_MS, (existing) => ({
      webhookSecret: existing?.webhookSecret ?? newSecret(),
    }));
    if (subscriber.state !== 'suppressed') await this.deps.optIn.pingWebhook(subscriber, origin, text);
    return { channel: 'webhook' };
  }

  /**
   * Starts (or restarts) the opt-in, unless the subscriber is confirmed or suppressed; `kept` says
   * what a new sign-up takes over from the subscriber as it was.
   */
  private start(
    fields: NewSubscriber,
    evidence: ConsentRecord,
    windowMs: number,
    kept: (existing: Subscriber | undefined) => Partial<NewSubscriber> = () => ({}),
  ) {
    return decideAndWrite(this.deps.store, fields.id, (existing) => ({
      subscriber: signUp(existing, { ...fields, ...kept(existing) }, evidence, this.now(), windowMs),
    }));
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;
