import type { Logger } from '@aws-lambda-powertools/logger';
import type { LifeboatConfig } from '../core/config';
import type { DomainEvent } from '../core/events';
import type { Incident } from '../core/incident';
import type { EmailMessage, EmailSender, SmsSender, WebhookSender } from '../core/ports';
import { type RetryOptions, withRetry } from '../core/retry';
import type { Subscriber } from '../core/subscriber';
import { notificationEmail, notificationSms, webhookPayload } from '../render/notification-messages';
import type { SubscriberService } from '../subscriptions/subscriber-service';
import type { DeliveryLedger } from './ports';
import { Pacer, inPool } from './pacer';
import { type Delivery, type Moment, momentOf, planDeliveries } from './response-plan';

export interface DispatcherDeps {
  config: LifeboatConfig;
  subscribers: SubscriberService;
  email: EmailSender;
  sms: SmsSender;
  webhooks: WebhookSender;
  ledger: DeliveryLedger;
  logger: Logger;
  retry?: Partial<Omit<RetryOptions, 'retryable'>>;
}

/** One message the plan would send: to whom, on which channel, and what it says. */
export interface PlannedMessage {
  channel: Delivery['channel'];
  to: string;
  subject: string | null;
  body: string;
  /** The whole email, headers included, for email. */
  email?: EmailMessage;
  /** The JSON posted, for a webhook. */
  payload?: unknown;
}

export interface DispatchReport {
  sent: number;
  skipped: number;
  failed: { key: string; reason: string }[];
}

const PAGE = 500;
const LEASE_SECONDS = 120;

/** A provider said "slow down" or failed on its side: worth another try after a backoff. */
export function isTransient(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; transient?: boolean; code?: number };
  if (e?.transient) return true;
  // twitter-api-v2's ApiResponseError carries the HTTP status as `code`.
  if (typeof e?.code === 'number' && (e.code === 429 || e.code >= 500)) return true;
  if (/Throttl|TooManyRequests|ServiceUnavailable|RequestTimeout|InternalFailure/i.test(e?.name ?? '')) return true;
  return (e?.$metadata?.httpStatusCode ?? 0) >= 500;
}

class WebhookRefused extends Error {
  constructor(
    readonly status: number,
    readonly transient: boolean,
  ) {
    super(status === 0 ? 'the receiver could not be reached' : `the receiver answered ${status}`);
    this.name = 'WebhookRefused';
  }
}

/**
 * Runs the response plan for a domain event: every delivery the plan names is claimed in the
 * ledger, sent with backoff and jitter on throttling and 5xx, and marked sent; a delivery that
 * still fails is marked failed, so a redelivery of the event retries it and only it.
 */
export class NotificationDispatcher {
  private readonly pacers: Record<Delivery['channel'], Pacer>;

  constructor(private readonly deps: DispatcherDeps) {
    const { limits } = deps.config.responsePlan;
    this.pacers = { email: new Pacer(limits.emailPerSecond), sms: new Pacer(limits.smsPerSecond), webhook: new Pacer(limits.webhooksPerSecond) };
  }

  async handle(event: DomainEvent): Promise<DispatchReport> {
    const report: DispatchReport = { sent: 0, skipped: 0, failed: [] };
    const at = momentOf(event);
    if (!at) return report;
    let cursor: string | undefined;
    do {
      const page = await this.deps.subscribers.listConfirmed({ limit: PAGE, cursor });
      await inPool(planDeliveries(this.deps.config, at, page.items), this.deps.config.responsePlan.limits.concurrency, (delivery) =>
        this.deliver(delivery, at, report),
      );
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    if (report.failed.length) this.deps.logger.error('Some notifications could not be delivered', { failed: report.failed });
    return report;
  }

  /**
   * What the plan would send for an incident's latest update, to whom, without sending or claiming
   * anything: the dry run on-call reads before trusting the plan.
   */
  async preview(incident: Incident): Promise<PlannedMessage[]> {
    const update = incident.updates.at(-1)!;
    const moment: Moment = update.status === 'resolved' ? 'resolve' : incident.updates.length === 1 ? 'declare' : 'update';
    const planned: PlannedMessage[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.subscribers.listConfirmed({ limit: PAGE, cursor });
      for (const delivery of planDeliveries(this.deps.config, { moment, incident, update }, page.items)) {
        planned.push(await this.compose(delivery.subscriber, delivery.channel, { moment, incident, update }));
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return planned;
  }

  private async compose(subscriber: Subscriber, channel: Delivery['channel'], at: NonNullable<ReturnType<typeof momentOf>>): Promise<PlannedMessage> {
    const { config, subscribers } = this.deps;
    const { incident, update, moment } = at;
    switch (channel) {
      case 'email': {
        const links = { manage: await subscribers.manageUrl(subscriber), unsubscribe: await subscribers.unsubscribeUrl(subscriber) };
        const message = notificationEmail(config, subscriber.locale, subscriber.address, incident, update, links);
        return { channel, to: subscriber.address, subject: message.subject, body: message.text, email: message };
      }
      case 'sms':
        return { channel, to: subscriber.address, subject: null, body: notificationSms(config, subscriber.locale, incident, update) };
      case 'webhook': {
        const payload = webhookPayload(config, moment, incident, update);
        return { channel, to: subscriber.address, subject: null, body: JSON.stringify(payload), payload };
      }
    }
  }

  private async deliver(delivery: Delivery, at: NonNullable<ReturnType<typeof momentOf>>, report: DispatchReport): Promise<void> {
    const { ledger } = this.deps;
    if (!(await ledger.claim(delivery.key, LEASE_SECONDS))) {
      report.skipped++;
      return;
    }
    try {
      const sent = await withRetry(async () => {
        await this.pacers[delivery.channel].wait();
        return this.send(delivery.subscriber, delivery.channel, at);
      }, {
        attempts: 5,
        baseDelayMs: 200,
        maxDelayMs: 5000,
        ...this.deps.retry,
        retryable: isTransient,
      });
      await ledger.markSent(delivery.key);
      if (sent) report.sent++;
      else report.skipped++;
    } catch (error) {
      const reason = (error as Error).message;
      await ledger.markFailed(delivery.key, reason);
      report.failed.push({ key: delivery.key, reason });
    }
  }

  /** Sends one message; false when there was nothing to send (a number that opted out). */
  private async send(subscriber: Subscriber, channel: Delivery['channel'], at: NonNullable<ReturnType<typeof momentOf>>): Promise<boolean> {
    const message = await this.compose(subscriber, channel, at);
    switch (message.channel) {
      case 'email':
        await this.deps.email.send(message.email!);
        return true;
      case 'sms':
        // A number that replied STOP is never texted again, whatever the store says.
        if (await this.deps.sms.isOptedOut(subscriber.address)) {
          await this.deps.subscribers.suppress('sms', subscriber.address, 'sms-opt-out');
          return false;
        }
        await this.deps.sms.send({ to: subscriber.address, body: message.body });
        return true;
      case 'webhook': {
        const { status } = await this.deps.webhooks.post(subscriber.address, message.payload, subscriber.webhookSecret ?? '');
        if (status < 200 || status >= 300) throw new WebhookRefused(status, status === 0 || status === 429 || status >= 500);
        return true;
      }
    }
  }
}
