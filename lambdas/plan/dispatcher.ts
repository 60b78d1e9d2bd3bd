import type { Logger } from '@aws-lambda-powertools/logger';
import type { DomainEvent } from '../core/events';
import type { Incident } from '../core/incident';
import { type RetryOptions, withRetry } from '../core/retry';
import type { DeliveryLedger } from './ports';
import { type ChannelDeps, type PlanMoment, type PlannedMessage, bulkNotificationEmail, channelProviders } from './channel-providers';
import { Pacer, inPool } from './pacer';
import { type Delivery, type Moment, momentOf, planDeliveries } from './response-plan';

export interface DispatcherDeps extends ChannelDeps {
  ledger: DeliveryLedger;
  logger: Logger;
  retry?: Partial<Omit<RetryOptions, 'retryable'>>;
}

export type { PlannedMessage };

export interface DispatchReport {
  sent: number;
  skipped: number;
  failed: { key: string; reason: string }[];
}

const PAGE = 500;
/** SES's SendBulkEmail takes up to 50 destinations a call. */
const BULK_SIZE = 50;

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
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

/**
 * Runs the response plan for a domain event: every delivery the plan names is claimed in the
 * ledger, sent with backoff and jitter on throttling and 5xx, and marked sent; a delivery that
 * still fails is marked failed, so a redelivery of the event retries it and only it.
 */
export class NotificationDispatcher {
  private readonly pacers: Record<Delivery['channel'], Pacer>;
  private readonly channels: ReturnType<typeof channelProviders>;

  constructor(private readonly deps: DispatcherDeps) {
    this.channels = channelProviders(deps);
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
      const deliveries = planDeliveries(this.deps.config, at, page.items);
      // Email goes in bulk where the provider allows it: one call per 50 recipients of a locale.
      const bulk = new Set(this.deps.email.sendBulk ? deliveries.filter((d) => d.channel === 'email') : []);
      const byLocale = new Map<string, Delivery[]>();
      for (const d of bulk) {
        const group = byLocale.get(d.subscriber.locale);
        if (group) group.push(d);
        else byLocale.set(d.subscriber.locale, [d]);
      }
      const batches = [...byLocale.values()].flatMap((group) => chunks(group, BULK_SIZE));
      const single = deliveries.filter((d) => !bulk.has(d));
      const work: (() => Promise<void>)[] = [
        ...batches.map((batch) => () => this.deliverBulk(batch, at, report)),
        ...single.map((delivery) => () => this.deliver(delivery, at, report)),
      ];
      await inPool(work, this.deps.config.responsePlan.limits.concurrency, (task) => task());
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
        planned.push(await this.channels[delivery.channel].compose(delivery.subscriber, { moment, incident, update }));
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return planned;
  }

  private async deliverBulk(batch: Delivery[], at: PlanMoment, report: DispatchReport): Promise<void> {
    const { ledger } = this.deps;
    const claimed: Delivery[] = [];
    for (const delivery of batch) {
      if (await ledger.claim(delivery.key, LEASE_SECONDS)) claimed.push(delivery);
      else report.skipped++;
    }
    if (!claimed.length) return;
    try {
      const email = await bulkNotificationEmail(this.deps, claimed[0]!.subscriber.locale, claimed.map((d) => d.subscriber), at);
      const outcomes = await withRetry(
        async () => {
          // SES's send rate counts recipients, not calls.
          for (let i = 0; i < claimed.length; i++) await this.pacers.email.wait();
          return this.deps.email.sendBulk!(email);
        },
        { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000, ...this.deps.retry, retryable: isTransient },
      );
      await Promise.all(
        claimed.map(async (delivery, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok) {
            await ledger.markSent(delivery.key);
            report.sent++;
          } else {
            await ledger.markFailed(delivery.key, outcome.error);
            report.failed.push({ key: delivery.key, reason: outcome.error });
          }
        }),
      );
    } catch (error) {
      const reason = (error as Error).message;
      for (const delivery of claimed) {
        await ledger.markFailed(delivery.key, reason);
        report.failed.push({ key: delivery.key, reason });
      }
    }
  }

  private async deliver(delivery: Delivery, at: PlanMoment, report: DispatchReport): Promise<void> {
    const { ledger } = this.deps;
    if (!(await ledger.claim(delivery.key, LEASE_SECONDS))) {
      report.skipped++;
      return;
    }
    try {
      const channel = this.channels[delivery.channel];
      const message = await channel.compose(delivery.subscriber, at);
      const sent = await withRetry(async () => {
        await this.pacers[delivery.channel].wait();
        return channel.send(message, delivery.subscriber);
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

}
