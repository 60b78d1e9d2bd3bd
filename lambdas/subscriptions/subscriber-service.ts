import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { alreadySubscribedEmail, confirmationEmail, smsCodeText } from '../render/subscriber-messages';
import { MESSAGES } from '../render/i18n';
import type { Actor } from '../core/actor';
import type { LifeboatConfig } from '../core/config';
import { LifeboatError, TooManyRequestsError, ValidationError } from '../core/errors';
import type { Clock, EmailSender, Page, RateLimiter, SmsSender, SubscriberStore, WebhookSender } from '../core/ports';
import { retryOnConflict } from '../core/concurrency';
import type { ConsentRecord, Subscriber, SubscriberChannel } from '../core/subscriber';
import { EmailAddress, type ImportRow, type SubscribeCommand, WebhookUrl, phoneNumber } from '../core/subscriber-commands';
import { InvalidTokenError, type TokenPurpose, type TokenSigner } from '../core/tokens';
import { type SuppressionReason, subscriberId, suppressor } from './suppression';
import { parseInput } from '../core/validation';

const CONFIRM_WINDOW_MS = 48 * 3_600_000;
const SMS_CODE_WINDOW_MS = 15 * 60_000;
const SMS_CODE_ATTEMPTS = 5;

export class WrongCodeError extends LifeboatError {
  readonly status = 400;
  readonly type = 'wrong-code';
}

export interface SubscriberServiceDeps {
  config: LifeboatConfig;
  store: SubscriberStore;
  tokens: TokenSigner;
  rateLimiter: RateLimiter;
  email: EmailSender;
  sms: SmsSender;
  webhooks: WebhookSender;
  clock: Clock;
  /** The API's public base URL, for the links subscribers follow. */
  apiUrl: string;
}

/** Where a request came from, for rate limits and consent evidence. */
export interface RequestOrigin {
  ip: string;
  userAgent: string | null;
  via: 'signup-form' | 'api';
}

export type SubscribeOutcome = { channel: 'email' } | { channel: 'sms'; verifyToken: string } | { channel: 'webhook' };

export interface ImportReport {
  created: number;
  updated: number;
  errors: { line: number; field: string; message: string }[];
}

/**
 * Subscriptions with double opt-in. Every answer to a sign-up is the same whether the address is
 * new, pending, confirmed or suppressed, so the endpoint tells nobody who is subscribed; what
 * differs is only what is sent, and to whom.
 */
export class SubscriberService {
  constructor(private readonly deps: SubscriberServiceDeps) {}

  async subscribe(command: SubscribeCommand, origin: RequestOrigin): Promise<SubscribeOutcome[]> {
    const { limits } = this.deps.config.subscriptions;
    await this.limit(`ip:${hash(origin.ip)}`, limits.perIpPerHour, 3600);
    const components = this.knownComponents(command.components);
    const locale = command.locale ?? this.deps.config.page.locale;
    const outcomes: SubscribeOutcome[] = [];
    if (command.email) outcomes.push(await this.subscribeEmail(command.email, components, locale, origin));
    if (command.phone) outcomes.push(await this.subscribeSms(command.phone, components, locale, origin));
    if (command.webhook) outcomes.push(await this.subscribeWebhook(command.webhook, components, locale, origin));
    return outcomes;
  }

  /** The email link: confirms a pending email subscriber. Following it twice is harmless. */
  async confirm(token: string | undefined, origin: RequestOrigin): Promise<Subscriber> {
    const subscriber = await this.bySignedToken(token, 'confirm');
    if (subscriber.state === 'confirmed') return subscriber;
    if (subscriber.state !== 'pending') throw staleLink();
    const t = MESSAGES[subscriber.locale].subscribe;
    return this.update(subscriber, (s) => confirmed(s, this.now(), consent(origin, 'email-link', this.now(), t.confirmEmailSubject(this.deps.config.page.name))));
  }

  /** The SMS code, as entered on the page. */
  async verifySms(token: string | undefined, code: string | undefined, origin: RequestOrigin): Promise<Subscriber> {
    const subscriber = await this.bySignedToken(token, 'verify-sms');
    const wrong = () => new WrongCodeError('That code is not right, or it has expired', { errors: [{ field: 'code', message: 'wrong or expired code' }] });
    const pending = subscriber.smsCode;
    if (subscriber.state !== 'pending' || !pending || pending.attemptsLeft <= 0 || Date.parse(pending.expiresAt) <= this.deps.clock.now().getTime()) {
      throw wrong();
    }
    const expected = Buffer.from(pending.hash);
    const given = Buffer.from(await this.deps.tokens.hashCode(subscriber.id, (code ?? '').trim()));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      await this.update(subscriber, (s) => ({ ...s, smsCode: { ...pending, attemptsLeft: pending.attemptsLeft - 1 } }));
      throw wrong();
    }
    const text = MESSAGES[subscriber.locale].subscribe.smsCode(this.deps.config.page.name, '******');
    return this.update(subscriber, (s) => confirmed(s, this.now(), consent(origin, 'sms-code', this.now(), text)));
  }

  /** The subscriber behind a manage link. */
  manage(token: string | undefined): Promise<Subscriber> {
    return this.bySignedToken(token, 'manage');
  }

  /** The subscriber behind a link of this purpose, changing nothing. */
  manageFor(token: string | undefined, purpose: 'manage' | 'unsubscribe'): Promise<Subscriber> {
    return this.bySignedToken(token, purpose);
  }

  async setComponents(token: string | undefined, componentIds: string[] | undefined): Promise<Subscriber> {
    const subscriber = await this.manage(token);
    const components = this.knownComponents(componentIds);
    return this.update(subscriber, (s) => ({ ...s, components, updatedAt: this.now() }));
  }

  /** Ends a subscription, from a one-click unsubscribe link or the manage page. Idempotent. */
  async unsubscribe(token: string | undefined, purpose: 'unsubscribe' | 'manage'): Promise<Subscriber> {
    const subscriber = await this.bySignedToken(token, purpose);
    if (subscriber.state === 'unsubscribed' || subscriber.state === 'suppressed') return subscriber;
    return this.update(subscriber, (s) => ended(s, 'unsubscribed', this.now()));
  }

  /** An address that bounced or complained (SES) or opted out (SMS) is never sent to again. */
  suppress(channel: SubscriberChannel, address: string, reason: SuppressionReason): Promise<boolean> {
    return suppressor(this.deps.store, this.deps.clock)(channel, address, reason);
  }

  /** Imports subscribers; each bad row is reported by its line and the others are imported. */
  async import(rows: ImportRow[], actor: Actor): Promise<ImportReport> {
    const report: ImportReport = { created: 0, updated: 0, errors: [] };
    for (const row of rows) {
      try {
        const created = await this.importRow(row, actor);
        if (created) report.created++;
        else report.updated++;
      } catch (error) {
        if (!(error instanceof LifeboatError)) throw error;
        const problems = error.errors.length ? error.errors : [{ field: 'address', message: error.message }];
        for (const p of problems) report.errors.push({ line: row.line, field: p.field.replace(/^address\.?/, '') || 'address', message: p.message });
      }
    }
    return report;
  }

  list(options: { limit: number; cursor?: string | undefined }): Promise<Page<Subscriber>> {
    return this.deps.store.list(options);
  }

  listConfirmed(options: { limit: number; cursor?: string | undefined }): Promise<Page<Subscriber>> {
    return this.deps.store.listConfirmed(options);
  }

  async manageUrl(subscriber: Subscriber): Promise<string> {
    return `${this.deps.apiUrl}/v1/subscriptions/manage?token=${await this.deps.tokens.sign(subscriber.id, 'manage')}`;
  }

  async unsubscribeUrl(subscriber: Subscriber): Promise<string> {
    return `${this.deps.apiUrl}/v1/subscriptions/unsubscribe?token=${await this.deps.tokens.sign(subscriber.id, 'unsubscribe')}`;
  }

  private async subscribeEmail(raw: string, components: string[] | null, locale: 'en' | 'fr', origin: RequestOrigin): Promise<SubscribeOutcome> {
    const { config, tokens } = this.deps;
    if (!config.subscriptions.email) throw notOffered('email');
    const address = parseInput(EmailAddress, raw, 'email');
    const id = subscriberId('email', address);
    const existing = await this.deps.store.get(id);
    const mayContact = await this.addressMayBeContacted('email', address);
    const t = MESSAGES[locale].subscribe;
    if (existing?.state === 'suppressed') return { channel: 'email' };
    if (existing?.state === 'confirmed') {
      if (mayContact) {
        const links = { manage: await this.manageUrl(existing), unsubscribe: await this.unsubscribeUrl(existing) };
        await this.deps.email.send(alreadySubscribedEmail(config, existing.locale, address, links));
      }
      return { channel: 'email' };
    }
    const signup = consent(origin, origin.via, this.now(), t.emailConsent(config.page.name));
    const saved = await this.savePending(existing, { id, channel: 'email', address, components, locale }, signup, CONFIRM_WINDOW_MS);
    if (mayContact) {
      const token = await tokens.sign(saved.id, 'confirm', new Date(this.deps.clock.now().getTime() + CONFIRM_WINDOW_MS));
      const link = `${this.deps.apiUrl}/v1/subscriptions/confirm?token=${token}`;
      await this.deps.email.send(confirmationEmail(config, locale, address, link));
    }
    return { channel: 'email' };
  }

  private async subscribeSms(raw: string, components: string[] | null, locale: 'en' | 'fr', origin: RequestOrigin): Promise<SubscribeOutcome> {
    const { config, tokens } = this.deps;
    if (!config.subscriptions.sms) throw notOffered('phone');
    const address = parseInput(phoneNumber(), raw, 'phone');
    const { limits } = config.subscriptions;
    // Against SMS pumping: few sign-ups per client, and a cap for the whole service.
    await this.limit(`sms-ip:${hash(origin.ip)}`, limits.smsPerIpPer4Hours, 4 * 3600);
    await this.limit('sms-all', limits.smsPerHour, 3600);
    const id = subscriberId('sms', address);
    const verifyToken = await tokens.sign(id, 'verify-sms', new Date(this.deps.clock.now().getTime() + SMS_CODE_WINDOW_MS));
    const existing = await this.deps.store.get(id);
    if (existing?.state === 'confirmed' || existing?.state === 'suppressed') return { channel: 'sms', verifyToken };
    if (await this.deps.sms.isOptedOut(address)) return { channel: 'sms', verifyToken };

    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const t = MESSAGES[locale].subscribe;
    const signup = consent(origin, origin.via, this.now(), t.smsConsent(config.page.name, config.subscriptions.termsUrl ?? null, config.subscriptions.privacyUrl ?? null));
    const smsCode = {
      hash: await tokens.hashCode(id, code),
      expiresAt: new Date(this.deps.clock.now().getTime() + SMS_CODE_WINDOW_MS).toISOString(),
      attemptsLeft: SMS_CODE_ATTEMPTS,
    };
    await this.savePending(existing, { id, channel: 'sms', address, components, locale, smsCode }, signup, SMS_CODE_WINDOW_MS);
    if (await this.addressMayBeContacted('sms', address)) {
      await this.deps.sms.send({ to: address, body: smsCodeText(config, locale, code) });
    }
    return { channel: 'sms', verifyToken };
  }

  private async subscribeWebhook(raw: string, components: string[] | null, locale: 'en' | 'fr', origin: RequestOrigin): Promise<SubscribeOutcome> {
    const { config } = this.deps;
    if (!config.subscriptions.webhook) throw notOffered('webhook');
    const address = parseInput(WebhookUrl, raw, 'webhook');
    const id = subscriberId('webhook', address);
    const existing = await this.deps.store.get(id);
    if (existing?.state === 'suppressed' || !(await this.addressMayBeContacted('webhook', address))) return { channel: 'webhook' };
    // The secret travels only to the URL itself, so only its owner learns it.
    const secret = existing?.webhookSecret ?? `whsec_${randomBytes(24).toString('base64url')}`;
    const text = `Webhook notifications from ${config.page.name}`;
    const signup = consent(origin, origin.via, this.now(), text);
    const pending = existing?.state === 'confirmed'
      ? existing
      : await this.savePending(existing, { id, channel: 'webhook', address, components, locale, webhookSecret: secret }, signup, CONFIRM_WINDOW_MS);
    const { status } = await this.deps.webhooks.post(address, {
      type: 'subscription.verify',
      page: { id: config.page.id, name: config.page.name, url: config.page.url },
      subscriber: { id },
      signingSecret: secret,
    }, secret);
    if (status >= 200 && status < 300 && pending.state !== 'confirmed') {
      await this.update(pending, (s) => confirmed(s, this.now(), consent(origin, 'webhook-ping', this.now(), `${text}: verification answered ${status}`)));
    }
    return { channel: 'webhook' };
  }

  private async importRow(row: ImportRow, actor: Actor): Promise<boolean> {
    const address =
      row.channel === 'email'
        ? parseInput(EmailAddress, row.address, 'address')
        : row.channel === 'sms'
          ? parseInput(phoneNumber(row.country), row.address, 'address')
          : parseInput(WebhookUrl, row.address, 'address');
    if (row.channel === 'sms' && !row.confirmed) {
      throw new ValidationError('An SMS subscriber can only be imported as confirmed', {
        errors: [{ field: 'confirmed', message: 'SMS opt-in must already be confirmed; text messages cannot ask for it' }],
      });
    }
    const components = this.knownComponents(row.components ?? undefined, 'components');
    const id = subscriberId(row.channel, address);
    const existing = await this.deps.store.get(id);
    const now = this.now();
    const evidence: ConsentRecord = { at: now, method: 'import', ip: null, userAgent: null, text: `Imported by ${actor.name} (${actor.channel})${row.confirmed ? ' as confirmed' : ''}` };
    if (existing && existing.state !== 'unsubscribed') {
      // As Statuspage does: an import overwrites the components of a subscriber that exists.
      await this.update(existing, (s) => ({
        ...(row.confirmed && s.state === 'pending' ? confirmed(s, now, evidence) : s),
        components,
        updatedAt: now,
      }));
      return false;
    }
    const base = { id, channel: row.channel, address, components, locale: this.deps.config.page.locale };
    if (row.confirmed) {
      // One import, one act of consent on record: it arrives confirmed.
      await this.save(existing, { ...this.fresh(base, evidence, existing), state: 'confirmed', confirmedAt: now });
      return true;
    }
    const saved = await this.savePending(existing, base, evidence, CONFIRM_WINDOW_MS);
    if (row.channel === 'email') {
      const token = await this.deps.tokens.sign(saved.id, 'confirm', new Date(this.deps.clock.now().getTime() + CONFIRM_WINDOW_MS));
      await this.deps.email.send(confirmationEmail(this.deps.config, saved.locale, address, `${this.deps.apiUrl}/v1/subscriptions/confirm?token=${token}`));
    }
    return true;
  }

  private fresh(
    fields: Pick<Subscriber, 'id' | 'channel' | 'address' | 'components' | 'locale'> & Partial<Subscriber>,
    evidence: ConsentRecord,
    existing: Subscriber | undefined,
  ): Subscriber {
    const now = this.now();
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
      version: (existing?.version ?? 0) + 1,
    };
  }

  private async savePending(
    existing: Subscriber | undefined,
    fields: Pick<Subscriber, 'id' | 'channel' | 'address' | 'components' | 'locale'> & Partial<Subscriber>,
    evidence: ConsentRecord,
    windowMs: number,
  ): Promise<Subscriber> {
    const pending = this.fresh(fields, evidence, existing);
    pending.expiresAt = Math.floor((this.deps.clock.now().getTime() + windowMs) / 1000);
    return this.save(existing, pending);
  }

  private async save(existing: Subscriber | undefined, next: Subscriber): Promise<Subscriber> {
    await this.deps.store.save({ ...next, version: (existing?.version ?? 0) + 1 });
    return { ...next, version: (existing?.version ?? 0) + 1 };
  }

  /** Applies a change to the latest stored version, retrying if another write came first. */
  private update(subscriber: Subscriber, change: (s: Subscriber) => Subscriber): Promise<Subscriber> {
    let current: Subscriber | undefined;
    return retryOnConflict('This subscription', async () => {
      current = current ? ((await this.deps.store.get(subscriber.id)) ?? current) : subscriber;
      const next = { ...change(current), version: current.version + 1 };
      await this.deps.store.save(next);
      return next;
    });
  }

  private async bySignedToken(token: string | undefined, purpose: TokenPurpose): Promise<Subscriber> {
    const id = await this.deps.tokens.verify(token, purpose, this.deps.clock.now());
    const subscriber = await this.deps.store.get(id);
    if (!subscriber) throw staleLink();
    return subscriber;
  }

  /** Per-address limit: past it nothing more is sent, and the answer does not change. */
  private async addressMayBeContacted(channel: SubscriberChannel, address: string): Promise<boolean> {
    const { perAddressPerHour } = this.deps.config.subscriptions.limits;
    return (await this.deps.rateLimiter.consume(`addr:${channel}:${hash(address)}`, perAddressPerHour, 3600)).allowed;
  }

  private async limit(key: string, limit: number, windowSeconds: number): Promise<void> {
    const { allowed, retryAfterSeconds } = await this.deps.rateLimiter.consume(key, limit, windowSeconds);
    if (!allowed) throw new TooManyRequestsError('Too many sign-ups from here; try again later', retryAfterSeconds);
  }

  private knownComponents(ids: string[] | undefined, field = 'components'): string[] | null {
    if (!ids || ids.length === 0) return null;
    const known = new Set(this.deps.config.components.map((c) => c.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) {
      throw new ValidationError(`Unknown component: ${unknown.join(', ')}`, {
        errors: unknown.map((id) => ({ field: `${field}.${id}`, message: 'no component with this id' })),
      });
    }
    return [...new Set(ids)];
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

/** Rate-limit keys never hold an address or an IP in clear. */
const hash = (value: string): string => createHash('sha256').update(value).digest('base64url').slice(0, 22);

const consent = (origin: RequestOrigin, method: ConsentRecord['method'], at: string, text: string): ConsentRecord => ({
  at,
  method,
  ip: origin.ip,
  userAgent: origin.userAgent,
  text,
});

const confirmed = (s: Subscriber, at: string, evidence: ConsentRecord): Subscriber => ({
  ...s,
  state: 'confirmed',
  confirmedAt: at,
  updatedAt: at,
  expiresAt: null,
  smsCode: null,
  endedAt: null,
  endedReason: null,
  consent: [...s.consent, evidence],
});

const ended = (s: Subscriber, state: 'unsubscribed', at: string): Subscriber => ({
  ...s,
  state,
  endedAt: at,
  endedReason: 'unsubscribed',
  updatedAt: at,
  expiresAt: null,
  smsCode: null,
});

const staleLink = () =>
  new InvalidTokenError('This link is no longer valid', { errors: [{ field: 'token', message: 'no such pending subscription' }] });

const notOffered = (field: string) =>
  new ValidationError(`This page does not offer ${field} subscriptions`, { errors: [{ field, message: 'not offered on this page' }] });
