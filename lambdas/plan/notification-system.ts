import type { LifeboatConfig } from '../core/config';
import type { IncidentReader } from '../core/incident-reader';
import type { Clock, EmailSender, Logger, RateLimiter, SmsSender, WebhookSender } from '../core/ports';
import type { SubscriberDirectory } from '../subscriptions/subscriber-directory';
import { type BatchReport, BatchSender } from './batch-sender';
import { IncidentTicks } from './incident-ticks';
import type { JobQueue } from './jobs';
import { NotificationWorker } from './notification-worker';
import { OnCallReminder } from './on-call-reminder';
import { ResponsePlanner } from './planner';
import type { BatchLedger, DeliveryLedger, PlanStore, ProviderLimits, SendBudget } from './ports';
import { PlanPreview } from './preview';
import type { Time } from './send-budget';
import type { IncidentScheduler, SocialPosters, SocialThreadStore } from './social-ports';
import { SocialUpdates } from './social-updates';

/** The outside world of the response plan: each runtime (AWS, local, a test) passes its adapters. */
export interface NotificationAdapters {
  config: LifeboatConfig;
  incidents: IncidentReader;
  subscribers: SubscriberDirectory;
  email: EmailSender;
  sms: SmsSender;
  webhooks: WebhookSender;
  /** One poster per social network, undefined where it is switched off (see enabledPosters). */
  posters: SocialPosters;
  queue: JobQueue;
  scheduler: IncidentScheduler;
  limits: ProviderLimits;
  stores: {
    deliveries: DeliveryLedger;
    batches: BatchLedger;
    plans: PlanStore;
    budget: SendBudget;
    threads: SocialThreadStore;
    rateLimiter: RateLimiter;
  };
  clock: Clock;
  logger: Logger;
  onBatch?: (report: BatchReport) => void;
  /** Tests shorten retries and take time in hand. */
  retry?: { baseDelayMs?: number; maxDelayMs?: number; attempts?: number };
  time?: Time;
  /** How long a worker's claim on a batch lasts (local mode keeps it short: see local-service). */
  batchLeaseSeconds?: number;
}

/** Builds the response plan once from its adapters: the worker that runs it, its ticks, its dry run. */
export function composeNotifications(a: NotificationAdapters) {
  const { config, stores, clock, logger } = a;
  const channels = { config, subscribers: a.subscribers, email: a.email, sms: a.sms, webhooks: a.webhooks };
  const ticks = new IncidentTicks({
    config,
    incidents: a.incidents,
    scheduler: a.scheduler,
    social: new SocialUpdates({
      config,
      posters: a.posters,
      threads: stores.threads,
      ledger: stores.deliveries,
      incidents: a.incidents,
      queue: a.queue,
      rateLimiter: stores.rateLimiter,
      clock,
      logger,
      ...(a.retry ? { retry: a.retry } : {}),
    }),
    reminder: new OnCallReminder({ config, email: a.email, sms: a.sms, ledger: stores.deliveries, clock, logger }),
  });
  const planner = new ResponsePlanner({
    config,
    subscribers: a.subscribers,
    plans: stores.plans,
    queue: a.queue,
    clock,
    logger,
  });
  const sender = new BatchSender({
    ...channels,
    ledger: stores.batches,
    plans: stores.plans,
    queue: a.queue,
    budget: stores.budget,
    limits: a.limits,
    clock,
    logger,
    ...(a.retry ? { retry: a.retry } : {}),
    ...(a.time ? { time: a.time } : {}),
    ...(a.batchLeaseSeconds ? { leaseSeconds: a.batchLeaseSeconds } : {}),
  });
  const worker = new NotificationWorker({
    planner,
    sender,
    ticks,
    queue: a.queue,
    ...(a.onBatch ? { onBatch: a.onBatch } : {}),
  });
  return { worker, ticks, preview: new PlanPreview(channels) };
}

/** The configured email rate, for runtimes with no provider to ask (tests, benchmarks). */
export const configuredLimits = (config: LifeboatConfig): ProviderLimits => ({
  emailPerSecond: async () => config.responsePlan.limits.emailPerSecond,
});
