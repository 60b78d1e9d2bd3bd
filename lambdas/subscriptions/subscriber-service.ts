import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../core/actor';
import type { AuditAction } from '../core/audit';
import { retryOnConflict } from '../core/concurrency';
import type { LifeboatConfig } from '../core/config';
import { LifeboatError, TooManyRequestsError, ValidationError } from '../core/errors';
import { newId } from '../core/ids';
import { webhookTargetRefusal } from '../core/network-address';
import type {
  AuditLog,
  Clock,
  EmailSender,
  HostResolver,
  Page,
  RateLimiter,
  SmsSender,
  SubscriberStore,
  WebhookSender,
} from '../core/ports';
import type { ConsentRecord, Subscriber, SubscriberChannel } from '../core/subscriber';
import {
  EmailAddress,
  ImportRow,
  phoneCountry,
  phoneNumber,
  type SubscribeCommand,
  WebhookUrl,
} from '../core/subscriber-commands';
import { InvalidTokenError, type TokenPurpose, type TokenSigner } from '../core/tokens';
import { formatZodIssues, parseInput, parseInputAsync } from '../core/validation';
import { MESSAGES } from '../render/i18n';
import { alreadySubscribedEmail, confirmationEmail, smsCodeText } from '../render/subscriber-messages';
import { type SuppressionReason, subscriberId, suppressor } from './suppression';

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
  /** Imports, exports and plan previews (bulk access to personal data) are recorded here. */
  audit: AuditLog;
  clock: Clock;
  /** The API's public base URL, for the links subscribers follow. */
  apiUrl: string;
  /**
   * Accept webhook URLs on loopback and private networks. Only local mode and tests set it; by
   * default a webhook must resolve to public addresses only.
   */
  allowPrivateNetworks?: boolean;
  /** Resolves a webhook's host to check it; without it, only IP-literal hosts can be checked. */
  resolveHost?: HostResolver;
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
  /** Rows left alone on purpose: an unsubscribe, a complaint, a bounce or a STOP is final. */
  skipped: { line: number; reason: string }[];
  errors: { line: number; field: string; message: string }[];
}

type RowOutcome = 'created' | 'updated' | { skipped: string };

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

  /** The subscriber a confirmation link is for, changing nothing (a GET: link scanners follow it). */
  confirmation(token: string | undefined): Promise<Subscriber> {
    return this.bySignedToken(token, 'confirm');
  }

  /** The email link's button: confirms a pending email subscriber. Doing it twice is harmless. */
  async confirm(token: string | undefined, origin: RequestOrigin): Promise<Subscriber> {
    const subscriber = await this.bySignedToken(token, 'confirm');
    if (subscriber.state === 'confirmed') return subscriber;
    if (subscriber.state !== 'pending') throw staleLink();
    const t = MESSAGES[subscriber.locale].subscribe;
    return this.update(subscriber, (s) =>
      confirmed(
        s,
        this.now(),
        consent(origin, 'email-link', this.now(), t.confirmEmailSubject(this.deps.config.page.name)),
      ),
    );
  }

  /** The SMS code, as entered on the page. */
  async verifySms(token: string | undefined, code: string | undefined, origin: RequestOrigin): Promise<Subscriber> {
    const subscriber = await this.bySignedToken(token, 'verify-sms');
    const wrong = () =>
      new WrongCodeError('That code is not right, or it has expired', {
        errors: [{ field: 'code', message: 'wrong or expired code' }],
      });
    const pending = subscriber.smsCode;
    if (
      subscriber.state !== 'pending' ||
      !pending ||
      pending.attemptsLeft <= 0 ||
      Date.parse(pending.expiresAt) <= this.deps.clock.now().getTime()
    ) {
      throw wrong();
    }
    // Every try, right or wrong, first takes one of the code's tries in one atomic write: parallel
    // guesses cannot all read "5 left" and each compare for free.
    if (!(await this.deps.store.takeSmsAttempt(subscriber.id))) throw wrong();
    const expected = Buffer.from(pending.hash);
    const given = Buffer.from(await this.deps.tokens.hashCode(subscriber.id, (code ?? '').trim()));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw wrong();
    const text = MESSAGES[subscriber.locale].subscribe.smsCode(this.deps.config.page.name, '******');
    return this.update(subscriber, (s) => {
      // A new sign-up in between sent a new code: this one no longer counts.
      if (s.state !== 'pending' || s.smsCode?.hash !== pending.hash) throw wrong();
      return confirmed(s, this.now(), consent(origin, 'sms-code', this.now(), text));
    });
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
    return this.update(subscriber, (s) =>
      s.state === 'unsubscribed' || s.state === 'suppressed' ? s : ended(s, 'unsubscribed', this.now()),
    );
  }

  /** An address that bounced or complained (SES) or opted out (SMS) is never sent to again. */
  suppress(channel: SubscriberChannel, address: string, reason: SuppressionReason): Promise<boolean> {
    return suppressor(this.deps.store, this.deps.clock)(channel, address, reason);
  }

  /**
   * Imports subscribers; each bad row is reported by its line and the others are imported. People
   * who unsubscribed, complained, bounced or replied STOP are never brought back: their rows are
   * skipped, with the reason.
   */
  async import(rows: readonly unknown[], actor: Actor): Promise<ImportReport> {
    const report: ImportReport = { created: 0, updated: 0, skipped: [], errors: [] };
    for (const [index, raw] of rows.entries()) {
      const parsed = ImportRow.safeParse(raw);
      if (!parsed.success) {
        const given = (raw as { line?: unknown } | null)?.line;
        const line = typeof given === 'number' && Number.isSafeInteger(given) ? given : index + 1;
        for (const p of formatZodIssues(parsed.error.issues))
          report.errors.push({ line, field: p.field === '(body)' ? '(row)' : p.field, message: p.message });
        continue;
      }
      const row = parsed.data;
      try {
        const outcome = await this.importRow(row, actor);
        if (outcome === 'created') report.created++;
        else if (outcome === 'updated') report.updated++;
        else report.skipped.push({ line: row.line, reason: outcome.skipped });
      } catch (error) {
        if (!(error instanceof LifeboatError)) throw error;
        const problems = error.errors.length ? error.errors : [{ field: 'address', message: error.message }];
        for (const p of problems)
          report.errors.push({
            line: row.line,
            field: p.field.replace(/^address\.?/, '') || 'address',
            message: p.message,
          });
      }
    }
    report.errors.sort((a, b) => a.line - b.line);
    await this.audited(
      actor,
      'subscribers.import',
      'subscribers',
      `${rows.length} row(s): ${report.created} created, ${report.updated} updated, ${report.skipped.length} skipped, ${new Set(report.errors.map((e) => e.line)).size} refused`,
    );
    return report;
  }

  list(options: { limit: number; cursor?: string | undefined }): Promise<Page<Subscriber>> {
    return this.deps.store.list(options);
  }

  /** A page of the export, on the audit trail: it is everyone's personal data. */
  async exportPage(options: { limit: number; cursor?: string | undefined }, actor: Actor): Promise<Page<Subscriber>> {
    const page = await this.deps.store.list(options);
    await this.audited(
      actor,
      'subscribers.export',
      'subscribers',
      `exported ${page.items.length} subscriber(s)${options.cursor ? ' (a following page)' : ''}`,
    );
    return page;
  }

  /** The response plan's dry run lists subscribers' addresses: it is recorded like an export. */
  recordPlanPreview(actor: Actor, incident: { id: string; name: string }, messages: number): Promise<void> {
    return this.audited(
      actor,
      'plan.preview',
      `incident:${incident.id}`,
      `dry run of ${incident.name}: ${messages} message(s) would be sent`,
    );
  }

  listConfirmed(options: { limit: number; cursor?: string | undefined }): Promise<Page<Subscriber>> {
    return this.deps.store.listConfirmed(options);
  }

  async manageUrl(subscriber: Pick<Subscriber, 'id'>): Promise<string> {
    return `${this.deps.apiUrl}/v1/subscriptions/manage?token=${await this.deps.tokens.sign(subscriber.id, 'manage')}`;
  }

  async unsubscribeUrl(subscriber: Pick<Subscriber, 'id'>): Promise<string> {
    return `${this.deps.apiUrl}/v1/subscriptions/unsubscribe?token=${await this.deps.tokens.sign(subscriber.id, 'unsubscribe')}`;
  }

  private async subscribeEmail(
    raw: string,
    components: string[] | null,
    locale: 'en' | 'fr',
    origin: RequestOrigin,
  ): Promise<SubscribeOutcome> {
    const { config, tokens } = this.deps;
    if (!config.subscriptions.email) throw notOffered('email');
    const address = parseInput(EmailAddress, raw, 'email');
    const id = subscriberId('email', address);
    const mayContact = await this.addressMayBeContacted('email', address);
    const t = MESSAGES[locale].subscribe;
    const signup = consent(origin, origin.via, this.now(), t.emailConsent(config.page.name));
    // Parallel sign-ups of one address race for one item: the loser reads again and decides again.
    const subscriber = await retryOnConflict('This subscription', async () => {
      const existing = await this.deps.store.get(id);
      if (existing?.state === 'suppressed' || existing?.state === 'confirmed') return existing;
      return this.savePending(
        existing,
        { id, channel: 'email', address, components, locale },
        signup,
        CONFIRM_WINDOW_MS,
      );
    });
    if (!mayContact || subscriber.state === 'suppressed') return { channel: 'email' };
    if (subscriber.state === 'confirmed') {
      const links = { manage: await this.manageUrl(subscriber), unsubscribe: await this.unsubscribeUrl(subscriber) };
      await this.deps.email.send(alreadySubscribedEmail(config, subscriber.locale, address, links));
      return { channel: 'email' };
    }
    const token = await tokens.sign(
      subscriber.id,
      'confirm',
      new Date(this.deps.clock.now().getTime() + CONFIRM_WINDOW_MS),
    );
    const link = `${this.deps.apiUrl}/v1/subscriptions/confirm?token=${token}`;
    await this.deps.email.send(confirmationEmail(config, locale, address, link));
    return { channel: 'email' };
  }

  private async subscribeSms(
    raw: string,
    components: string[] | null,
    locale: 'en' | 'fr',
    origin: RequestOrigin,
  ): Promise<SubscribeOutcome> {
    const { config, tokens } = this.deps;
    if (!config.subscriptions.sms) throw notOffered('phone');
    const address = await parseInputAsync(phoneNumber(), raw, 'phone');
    const country = await this.smsCountryOf(address, 'phone');
    const { limits } = config.subscriptions;
    // Against SMS pumping: few sign-ups per client, per country and per number range, so one
    // abuser cannot use up the cap of the whole service, which comes last.
    await this.limit(`sms-ip:${hash(origin.ip)}`, limits.smsPerIpPer4Hours, 4 * 3600);
    await this.limit(`sms-country:${country}`, limits.smsPerCountryPerHour, 3600);
    await this.limit(`sms-prefix:${hash(address.slice(0, -4))}`, limits.smsPerPrefixPerHour, 3600);
    await this.limit('sms-all', limits.smsPerHour, 3600);
    const id = subscriberId('sms', address);
    const verifyToken = await tokens.sign(
      id,
      'verify-sms',
      new Date(this.deps.clock.now().getTime() + SMS_CODE_WINDOW_MS),
    );
    if (await this.deps.sms.isOptedOut(address)) return { channel: 'sms', verifyToken };

    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const t = MESSAGES[locale].subscribe;
    const signup = consent(
      origin,
      origin.via,
      this.now(),
      t.smsConsent(config.page.name, config.subscriptions.termsUrl ?? null, config.subscriptions.privacyUrl ?? null),
    );
    const smsCode = {
      hash: await tokens.hashCode(id, code),
      expiresAt: new Date(this.deps.clock.now().getTime() + SMS_CODE_WINDOW_MS).toISOString(),
      attemptsLeft: SMS_CODE_ATTEMPTS,
    };
    const saved = await retryOnConflict('This subscription', async () => {
      const existing = await this.deps.store.get(id);
      if (existing?.state === 'confirmed' || existing?.state === 'suppressed') return null;
      return this.savePending(
        existing,
        { id, channel: 'sms', address, components, locale, smsCode },
        signup,
        SMS_CODE_WINDOW_MS,
      );
    });
    if (saved && (await this.addressMayBeContacted('sms', address))) {
      await this.deps.sms.send({ to: address, body: smsCodeText(config, locale, code) });
    }
    return { channel: 'sms', verifyToken };
  }

  private async subscribeWebhook(
    raw: string,
    components: string[] | null,
    locale: 'en' | 'fr',
    origin: RequestOrigin,
  ): Promise<SubscribeOutcome> {
    const { config } = this.deps;
    if (!config.subscriptions.webhook) throw notOffered('webhook');
    const address = parseInput(WebhookUrl, raw, 'webhook');
    await this.assertPublicWebhook(address, 'webhook');
    const id = subscriberId('webhook', address);
    if (!(await this.addressMayBeContacted('webhook', address))) return { channel: 'webhook' };
    const text = `Webhook notifications from ${config.page.name}`;
    const signup = consent(origin, origin.via, this.now(), text);
    const pending = await retryOnConflict('This subscription', async () => {
      const existing = await this.deps.store.get(id);
      if (!existing || existing.state === 'pending' || existing.state === 'unsubscribed') {
        // The secret travels only to the URL itself, so only its owner learns it.
        const webhookSecret = existing?.webhookSecret ?? `whsec_${randomBytes(24).toString('base64url')}`;
        return this.savePending(
          existing,
          { id, channel: 'webhook', address, components, locale, webhookSecret },
          signup,
          CONFIRM_WINDOW_MS,
        );
      }
      return existing;
    });
    if (pending.state === 'suppressed' || !pending.webhookSecret) return { channel: 'webhook' };
    const { status } = await this.deps.webhooks.post(
      address,
      {
        type: 'subscription.verify',
        page: { id: config.page.id, name: config.page.name, url: config.page.url },
        subscriber: { id },
        signingSecret: pending.webhookSecret,
      },
      pending.webhookSecret,
    );
    if (status >= 200 && status < 300 && pending.state !== 'confirmed') {
      await this.update(pending, (s) =>
        confirmed(
          s,
          this.now(),
          consent(origin, 'webhook-ping', this.now(), `${text}: verification answered ${status}`),
        ),
      );
    }
    return { channel: 'webhook' };
  }

  private async importRow(row: ImportRow, actor: Actor): Promise<RowOutcome> {
    const address =
      row.channel === 'email'
        ? parseInput(EmailAddress, row.address, 'address')
        : row.channel === 'sms'
          ? await parseInputAsync(phoneNumber(row.country), row.address, 'address')
          : parseInput(WebhookUrl, row.address, 'address');
    if (row.channel === 'sms' && !row.confirmed) {
      throw new ValidationError('An SMS subscriber can only be imported as confirmed', {
        errors: [
          {
            field: 'confirmed',
            message:
              'SMS opt-in must already be confirmed; text messages cannot ask for it (if these numbers confirmed in Statuspage, import with --sms-confirmed-in-statuspage)',
          },
        ],
      });
    }
    if (row.channel === 'sms') await this.smsCountryOf(address, 'address');
    if (row.channel === 'webhook') await this.assertPublicWebhook(address, 'address');
    const components = this.knownComponents(row.components ?? undefined, 'components');
    const id = subscriberId(row.channel, address);
    if (row.channel === 'sms' && (await this.deps.sms.isOptedOut(address)))
      return { skipped: 'the number replied STOP to our text messages' };
    const evidence: ConsentRecord = {
      at: this.now(),
      method: 'import',
      ip: null,
      userAgent: null,
      text: `Imported by ${actor.name} (${actor.channel})${row.confirmed ? ' as confirmed' : ''}`,
    };
    const result = await retryOnConflict(
      'This subscription',
      async (): Promise<{ outcome: RowOutcome; saved: Subscriber }> => {
        const existing = await this.deps.store.get(id);
        const now = this.now();
        if (existing?.state === 'unsubscribed' || existing?.state === 'suppressed') {
          return { outcome: { skipped: whyEnded(existing) }, saved: existing };
        }
        if (existing) {
          // As Statuspage does: an import overwrites the components of a subscriber that exists.
          const next = {
            ...(row.confirmed && existing.state === 'pending' ? confirmed(existing, now, evidence) : existing),
            components,
            updatedAt: now,
          };
          return { outcome: 'updated', saved: await this.save(existing, next) };
        }
        const base = { id, channel: row.channel, address, components, locale: this.deps.config.page.locale };
        // One import, one act of consent on record: it arrives confirmed.
        const saved = row.confirmed
          ? await this.save(undefined, {
              ...this.fresh(base, evidence, undefined),
              state: 'confirmed',
              confirmedAt: now,
            })
          : await this.savePending(undefined, base, evidence, CONFIRM_WINDOW_MS);
        return { outcome: 'created', saved };
      },
    );
    if (result.outcome === 'created' && result.saved.state === 'pending' && row.channel === 'email') {
      const token = await this.deps.tokens.sign(
        id,
        'confirm',
        new Date(this.deps.clock.now().getTime() + CONFIRM_WINDOW_MS),
      );
      await this.deps.email.send(
        confirmationEmail(
          this.deps.config,
          result.saved.locale,
          address,
          `${this.deps.apiUrl}/v1/subscriptions/confirm?token=${token}`,
        ),
      );
    }
    return result.outcome;
  }

  /** The country of an SMS number, if text messages may go there; otherwise a 400 naming the field. */
  private async smsCountryOf(number: string, field: string): Promise<string> {
    const allowed = this.deps.config.subscriptions.smsCountries;
    const { country, callingCode } = await phoneCountry(number);
    if (country && (allowed as readonly string[]).includes(country)) return country;
    const where = country ? `numbers of ${country}` : `+${callingCode} numbers (satellite and international networks)`;
    throw new ValidationError(`Text messages are not sent to ${where}`, {
      errors: [{ field, message: `text messages are not sent to ${where}; accepted countries: ${allowed.join(', ')}` }],
    });
  }

  /** Refuses (400, naming the field) a webhook whose host is, or resolves to, a non-public address. */
  private async assertPublicWebhook(url: string, field: string): Promise<void> {
    if (this.deps.allowPrivateNetworks) return;
    const refusal = await webhookTargetRefusal(url, this.deps.resolveHost);
    if (refusal)
      throw new ValidationError(`Invalid request: ${field}: ${refusal}`, { errors: [{ field, message: refusal }] });
  }

  private async audited(actor: Actor, action: AuditAction, target: string, summary: string): Promise<void> {
    await this.deps.audit.record([{ id: newId(), at: this.now(), actor, action, target, summary }]);
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

/** Why an import leaves this subscriber alone, in the operator's words. */
function whyEnded(s: Subscriber): string {
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

const staleLink = () =>
  new InvalidTokenError('This link is no longer valid', {
    errors: [{ field: 'token', message: 'no such pending subscription' }],
  });

const notOffered = (field: string) =>
  new ValidationError(`This page does not offer ${field} subscriptions`, {
    errors: [{ field, message: 'not offered on this page' }],
  });
