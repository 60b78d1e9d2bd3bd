import type { Logger } from '@aws-lambda-powertools/logger';
import type { DomainEvent } from '../core/events';
import type { Incident } from '../core/incident';
import { type RetryOptions, withRetry } from '../core/retry';
import type { DeliveryLedger } from './ports';
import { type ChannelDeps, type PlanMoment, type PlannedMessage, channelProviders } from './channel-providers';
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
        planned.push(await this.channels[delivery.channel].compose(delivery.subscriber, { moment, incident, update }));
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return planned;
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
