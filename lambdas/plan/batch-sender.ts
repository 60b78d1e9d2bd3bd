import type { Clock, Logger } from '../core/ports';
import { type RetryOptions, withRetry } from '../core/retry';
import type { Recipient } from '../core/subscriber';
import { bulkNotificationEmail, type ChannelDeps, channelProviders, type PlanMoment } from './channel-providers';
import type { DeliveryJob, JobQueue } from './jobs';
import type { BatchClaim, BatchLedger, PlanStore, ProviderLimits, SendBudget } from './ports';
import { announcementOf } from './response-plan';
import { acquireSends, perSecondBudget, realTime, type Time } from './send-budget';
import { isThrottling, isTransient } from './transient';

export interface BatchSenderDeps extends ChannelDeps {
  ledger: BatchLedger;
  plans: PlanStore;
  queue: JobQueue;
  budget: SendBudget;
  limits: ProviderLimits;
  clock: Clock;
  logger: Logger;
  retry?: Partial<Omit<RetryOptions, 'retryable'>>;
  time?: Time;
  /** How long a claim on a batch lasts; longer than the batch's worst case. Default 90 s. */
  leaseSeconds?: number;
}

export interface BatchReport {
  batchId: string;
  sent: number;
  /** Recipients the provider refused for good (a rejected address, a webhook answering 4xx). */
  failed: { to: string; reason: string }[];
  /** Handled already by an earlier attempt, or nothing to send (a number that replied STOP). */
  skipped: number;
  /** Calls the provider refused for rate, each retried after a backoff. */
  throttled: number;
}

/**
 * A batch's lease: longer than the notifier's timeout (two minutes), so it is never taken from a
 * live worker; short enough that a dead worker's batch goes out again soon. Local mode, where no
 * timeout ends a job, uses a shorter one.
 */
export const BATCH_LEASE_SECONDS = 150;

/** Another claimant's lease runs (maybe a worker that died): the queue should bring the job back after it. */
export class BatchHeldError extends Error {
  readonly transient = true;
  constructor(
    batchId: string,
    readonly retryAfterMs: number,
  ) {
    super(`Batch ${batchId} is being sent by another worker; retry after its lease`);
    this.name = 'BatchHeldError';
  }
}

class ClaimLostError extends Error {
  constructor(batchId: string) {
    super(`The claim on batch ${batchId} ran out; another worker has it`);
    this.name = 'ClaimLostError';
  }
}

/**
 * Sends one delivery batch, whichever worker runs it. It claims the batch (so only one worker at a
 * time sends it), takes sends from the budget all workers share (so together they stay within
 * the provider's rate), retries throttling with backoff and full jitter, keeps which recipients
 * are handled (so a retry sends only the rest), and finishes the batch once, which counts it
 * towards its plan. A worker killed between a provider's "accepted" and the ledger's "sent" means
 * that one batch goes again: at most one batch per crash, never more.
 */
export class BatchSender {
  private readonly channels: ReturnType<typeof channelProviders>;
  private readonly moments = new Map<string, PlanMoment>();
  private readonly time: Time;

  constructor(private readonly deps: BatchSenderDeps) {
    this.channels = channelProviders(deps);
    this.time = deps.time ?? realTime;
  }

  /** Null when the batch was finished already. Throws to be retried (BatchHeldError: after another's lease). */
  async deliver(job: DeliveryJob): Promise<BatchReport | null> {
    const { ledger } = this.deps;
    const claim = await ledger.claim(job.id, this.deps.leaseSeconds ?? BATCH_LEASE_SECONDS);
    if ('finished' in claim) {
      // Counting it again changes nothing, unless a crash came between its finish and its count.
      await this.counted(job);
      return null;
    }
    if ('heldUntilMs' in claim)
      throw new BatchHeldError(job.id, Math.max(0, claim.heldUntilMs - this.deps.clock.now().getTime()));
    const report: BatchReport = { batchId: job.id, sent: 0, failed: [], skipped: 0, throttled: 0 };
    const handled = new Set(claim.handled);
    report.skipped = handled.size;
    try {
      const at = await this.momentOf(job.eventId);
      if (job.channel === 'email' && this.deps.email.sendBulk) await this.sendInBulk(job, at, claim, handled, report);
      else await this.sendOneByOne(job, at, claim, handled, report);
    } catch (error) {
      if (!(error instanceof ClaimLostError))
        await ledger.release(job.id, claim, (error as Error).message).catch(() => {});
      throw error;
    }
    if (await ledger.finish(job.id, claim, { sent: report.sent, failed: report.failed.length }))
      await this.counted(job);
    if (report.failed.length)
      this.deps.logger.warn('Some recipients refused for good', { batchId: job.id, failed: report.failed });
    return report;
  }

  /** Email, 50 to a provider call (fewer when the second's budget has less left). */
  private async sendInBulk(
    job: DeliveryJob,
    at: PlanMoment,
    claim: BatchClaim,
    handled: Set<number>,
    report: BatchReport,
  ) {
    const rate = perSecondBudget(await this.deps.limits.emailPerSecond());
    for (;;) {
      const waiting = job.recipients.map((_, i) => i).filter((i) => !handled.has(i));
      if (!waiting.length) return;
      const outcomes = await this.withRetries(report, async () => {
        // SES counts recipients, not calls: the budget is taken per recipient, again on each retry.
        const granted = await acquireSends(this.deps.budget, 'email', waiting.length, rate, this.time);
        const slice = waiting.slice(0, granted);
        const email = await bulkNotificationEmail(
          this.deps,
          job.recipients[0]!.locale,
          slice.map((i) => job.recipients[i]!),
          at,
        );
        return { slice, results: await this.deps.email.sendBulk!(email) };
      });
      outcomes.slice.forEach((index, i) => {
        const result = outcomes.results[i];
        if (result?.ok) report.sent++;
        else report.failed.push({ to: job.recipients[index]!.address, reason: result?.error ?? 'no result' });
        handled.add(index);
      });
      if (handled.size < job.recipients.length) await this.saveProgress(job.id, claim, handled);
    }
  }

  /** SMS and webhooks: one provider call each, the batch's budget taken at once, sent side by side. */
  private async sendOneByOne(
    job: DeliveryJob,
    at: PlanMoment,
    claim: BatchClaim,
    handled: Set<number>,
    report: BatchReport,
  ) {
    const { config } = this.deps;
    const channel = this.channels[job.channel];
    const rate = perSecondBudget(
      job.channel === 'email'
        ? await this.deps.limits.emailPerSecond()
        : job.channel === 'sms'
          ? config.responsePlan.limits.smsPerSecond
          : config.responsePlan.limits.webhooksPerSecond,
    );
    let pending = job.recipients.map((_, i) => i).filter((i) => !handled.has(i));
    while (pending.length) {
      const granted = await acquireSends(this.deps.budget, job.channel, pending.length, rate, this.time);
      const now = pending.slice(0, granted);
      pending = pending.slice(granted);
      const results = await Promise.allSettled(
        now.map(async (index) => {
          const subscriber: Recipient = job.recipients[index]!;
          const message = await channel.compose(subscriber, at);
          return this.withRetries(report, () => channel.send(message, subscriber));
        }),
      );
      let transient: unknown;
      results.forEach((result, i) => {
        const index = now[i]!;
        if (result.status === 'fulfilled') {
          if (result.value) report.sent++;
          else report.skipped++;
          handled.add(index);
        } else if (isTransient(result.reason)) transient ??= result.reason;
        else {
          report.failed.push({ to: job.recipients[index]!.address, reason: (result.reason as Error).message });
          handled.add(index);
        }
      });
      if (transient) {
        // Still refused after every retry: keep what went, and let the queue try the rest later.
        await this.saveProgress(job.id, claim, handled);
        throw transient;
      }
      if (pending.length) await this.saveProgress(job.id, claim, handled);
    }
  }

  /** Counts the finished batch towards its plan, and wakes the plan parked behind it if that completed it. */
  private async counted(job: DeliveryJob): Promise<void> {
    const { next } = await this.deps.plans.batchDone(job.eventId, job.id, this.deps.clock.now().toISOString());
    if (next) await this.deps.queue.enqueue([next]);
  }

  private withRetries<T>(report: BatchReport, send: () => Promise<T>): Promise<T> {
    return withRetry(
      async () => {
        try {
          return await send();
        } catch (error) {
          if (isThrottling(error)) report.throttled++;
          throw error;
        }
      },
      {
        attempts: 5,
        baseDelayMs: 200,
        maxDelayMs: 5000,
        ...this.deps.retry,
        retryable: isTransient,
        sleep: this.time.sleep,
        random: this.time.random,
      },
    );
  }

  private async saveProgress(batchId: string, claim: BatchClaim, handled: Set<number>): Promise<void> {
    if (!(await this.deps.ledger.saveProgress(batchId, claim, [...handled]))) throw new ClaimLostError(batchId);
  }

  /** What the batch tells subscribers about, from its plan's event (read once per worker). */
  private async momentOf(eventId: string): Promise<PlanMoment> {
    const cached = this.moments.get(eventId);
    if (cached) return cached;
    const plan = await this.deps.plans.get(eventId);
    const at = plan && announcementOf(plan.event);
    if (!at) throw new Error(`The plan of event ${eventId} is missing`);
    if (this.moments.size > 100) this.moments.clear();
    this.moments.set(eventId, at);
    return at;
  }
}
