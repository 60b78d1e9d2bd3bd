import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import type { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { createDocumentClient } from '../adapters/aws/dynamodb/client';
import { createTableIfMissing } from '../adapters/aws/dynamodb/create-table';
import { createDynamoDbStores } from '../adapters/aws/dynamodb/stores';
import { createS3Client } from '../adapters/aws/s3-client';
import { S3SiteBucket } from '../adapters/aws/s3-site-bucket';
import { SesEmailSender } from '../adapters/aws/ses-email-sender';
import { InProcessEventBus } from '../adapters/local/in-process-event-bus';
import { JobWorkers } from '../adapters/local/job-workers';
import { LocalAlertTimers } from '../adapters/local/local-alert-timers';
import { LocalScheduler } from '../adapters/local/local-scheduler';
import { InProcessSlackJobs, LocalSlack } from '../adapters/local/local-slack';
import { OutboxSocialPoster } from '../adapters/local/local-social';
import { NoContentDelivery } from '../adapters/local/no-cdn';
import { LocalOutbox } from '../adapters/local/outbox';
import { TableJobQueue } from '../adapters/local/table-job-queue';
import { NetProber } from '../adapters/net-prober';
import { snsCertificateFetcher, snsSubscriptionConfirmer } from '../adapters/sns-https';
import { AlertService } from '../alerts/alert-service';
import { IntegrationAuthenticator } from '../alerts/integration-authenticator';
import type { CertificateFetcher, SubscriptionConfirmer } from '../alerts/sns-message';
import { composeCore } from '../composition/core';
import { composeResponsePlan } from '../composition/response-plan';
import { composeSubscribers } from '../composition/subscribers';
import { type ApiKeyScope, hashApiKey } from '../core/api-key';
import { ApiKeyAuthenticator } from '../core/authenticator';
import type { LifeboatConfig, SocialNetwork } from '../core/config';
import { MethodNotAllowedError, NotFoundError, PayloadTooLargeError } from '../core/errors';
import type { Integration } from '../core/integration';
import { OutboxRelay, type RelayReport } from '../core/outbox-relay';
import { type Clock, type EventPublisher, systemClock } from '../core/ports';
import type { Prober } from '../core/probes/ports';
import { senderAddress } from '../core/sender-address';
import type { CoreServices } from '../core/services';
import { API_HANDLERS } from '../handlers/api';
import type { ApiDeps } from '../handlers/api/deps';
import type { ApiLambdaHandler } from '../handlers/http/api-handler';
import { internalError, problem } from '../handlers/http/responses';
import type { BatchReport } from '../plan/batch-sender';
import { configuredLimits } from '../plan/notification-system';
import type { SocialPoster } from '../plan/social-ports';
import { enabledPosters } from '../plan/social-posters';
import { CoalescingRunner, type RunnerTimer } from '../publish/coalescing-runner';
import { loadSiteState } from '../publish/load-site-state';
import { SITE_COPY_FAILED, SiteCopies, type SiteCopy } from '../publish/site-copies';
import type { PublishReport } from '../publish/site-publisher';
import { renderPostmortem } from '../render/postmortem-html';
import { renderSite } from '../render/render-site';
import { ROUTE_IDS, ROUTES, type RouteId } from '../routes';
import { escapeSlack } from '../slack/messages';
import { SlackService } from '../slack/slack-service';
import type { SubscriberService } from '../subscriptions/subscriber-service';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type RunningEmulator,
  S3RVER_CREDENTIALS,
  startDynamoDb,
  startS3,
  startSes,
} from './emulators';
import { localLambdaContext, readBody, sendResult, toApiGatewayEvent } from './lambda-bridge';
import { LocalProbes } from './local-probes';
import { LOCAL_SLACK_SIGNING_SECRET } from './local-slack-workspace';
import { outboxPage, sentMessages } from './outbox-page';
import { matchRoute } from './router';
import { serveSite } from './site-server';
import { StartingGate } from './starting-gate';

/** Local mode only: fixed secrets, since local data guards nothing of value. */
export const LOCAL_PEPPER = 'lifeboat-local-pepper';
export const LOCAL_TOKEN_KEY = 'lifeboat-local-token-key';
export { LOCAL_SLACK_SIGNING_SECRET };
export const LOCAL_TABLE_NAME = 'lifeboat';
export const LOCAL_SITE_BUCKET = 'status-site';
const MAX_BODY_BYTES = 1024 * 1024;
/** How long a worker's claim on a batch lasts locally: what a restart after a kill -9 waits at most. */
const LOCAL_BATCH_LEASE_SECONDS = 30;
/** A burst of changes within this long is published at most twice. */
const PUBLISH_INTERVAL_MS = 500;

export interface LocalApiKey {
  key: string;
  name: string;
  scope: ApiKeyScope;
}

export interface LocalServiceOptions {
  config: LifeboatConfig;
  /**
   * Links in emails, SMS, posts, feeds and the page's JSON point to this server's page rather than
   * the config's public URL: `npm start` sets it, so a person trying Lifeboat can follow them.
   */
  linksToThisServer?: boolean;
  /** 0 lets the OS choose. */
  port?: number;
  host?: string;
  /** Folder for the emulators' data; in memory when absent. */
  dataDir?: string | undefined;
  apiKeys: LocalApiKey[];
  logLevel?: LogLevel;
  clock?: Clock;
  /** Slack's signing secret for /outage (used only when the config sets up Slack). */
  slackSigningSecret?: string;
  /** Where posts to X go; by default the outbox. */
  socialPoster?: SocialPoster;
  /** Where posts to each other social network switched on go; by default the outbox. */
  socialPosters?: Partial<Record<SocialNetwork, SocialPoster>>;
  /** How often the scheduler looks for due schedules; 0 turns the timer off (tests tick by hand). */
  schedulerTickMs?: number;
  /** Worker loops per lane running notification jobs (the stand-in for concurrent Lambdas); 0: only `idle()` runs them. */
  workers?: number;
  /** How often the outbox relay looks for committed events; 0 turns the timer off. */
  relayPollMs?: number;
  /** The status page publisher's time (tests step through its coalescing interval). */
  publishTimer?: RunnerTimer;
  /** Wraps the relay's sink, e.g. to make it fail (tests). */
  relaySink?: (sink: InProcessEventBus) => EventPublisher;
  /** More buckets the status site is published to besides the local one, as to a replica region (tests). */
  siteCopies?: SiteCopy[];
  /** Secrets the alert endpoints accept, each for its own integration. */
  integrationSecrets?: { integration: Integration; name: string; secret: string }[];
  /** How often due alert and maintenance timers run; 0 turns the timer off (tests tick by hand). */
  alertTimerTickMs?: number;
  /** SNS for CloudWatch alarms: where signing certificates come from and how subscriptions are confirmed (by default, SNS itself). */
  sns?: { fetchCertificate: CertificateFetcher; confirmSubscription: SubscriptionConfirmer };
  /** How often the configured probes run; 0 turns the timer off (tests tick by hand). Default: a minute. */
  probeIntervalMs?: number;
  /** What probes observe the network through; node's own clients by default. */
  prober?: Prober;
}

export interface LocalService {
  url: string;
  port: number;
  dynamoDbEndpoint: string;
  sesEndpoint: string;
  services: CoreServices;
  subscribers: SubscriberService;
  /**
   * The relay's sink: `subscribe` sees every relayed event, `publish` delivers events as if relayed
   * again, and `idle` resolves once everything committed so far has been relayed and every job it
   * caused that is due within a second has run.
   */
  events: { subscribe: InProcessEventBus['subscribe']; publish: InProcessEventBus['publish']; idle(): Promise<void> };
  relay: OutboxRelay;
  queue: TableJobQueue;
  stores: ReturnType<typeof createDynamoDbStores>;
  /** SMS, webhooks and Slack messages sent (they have no emulator), and the local opt-out list. */
  outbox: LocalOutbox;
  slack: { api: LocalSlack; jobs: InProcessSlackJobs };
  /** Every delivery batch the response plan sent, oldest first. */
  batches: BatchReport[];
  /** EventBridge Scheduler's stand-in: schedules kept in the table; `tick` runs the due ones. */
  scheduler: LocalScheduler;
  /** Alerts from monitoring, and their timers (`tick` runs the due ones). */
  alerts: { service: AlertService; timers: LocalAlertTimers };
  /** The timers of maintenance windows (starts, ends, reminders); `tick` runs the due ones. */
  maintenanceTimers: LocalAlertTimers;
  /** The configured probes: `tick` runs every check from every region and applies the result. */
  probes: LocalProbes;
  site: {
    s3Endpoint: string;
    cdn: NoContentDelivery;
    /** Every publish so far, oldest first. */
    reports: PublishReport[];
    /** Resolves when no publish is running or queued. */
    idle(): Promise<void>;
  };
  close(): Promise<void>;
}

/**
 * The whole service on one machine: emulators for AWS, the real handlers behind one HTTP port,
 * the status site beside them. This is the local composition root: the only place that picks
 * local adapters.
 */
export async function startLocalService(options: LocalServiceOptions): Promise<LocalService> {
  const logger = new Logger({ serviceName: 'lifeboat', logLevel: options.logLevel ?? 'WARN' });
  const clock = options.clock ?? systemClock;
  const now = () => clock.now().getTime();
  const emulators: RunningEmulator[] = [];
  // Answers 503 (Retry-After) from the moment the port opens until the handlers are in place.
  const gate = new StartingGate();
  const server = createServer(gate.handle);
  try {
    const [dynamo, s3Emulator, ses] = await Promise.all([
      startDynamoDb({ path: options.dataDir && `${options.dataDir}/dynamodb` }),
      startS3({ directory: options.dataDir && `${options.dataDir}/s3`, buckets: [LOCAL_SITE_BUCKET] }),
      startSes(),
    ]);
    emulators.push(dynamo, s3Emulator, ses);
    await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config: LifeboatConfig = options.linksToThisServer
      ? { ...options.config, page: { ...options.config.page, url } }
      : options.config;

    const db = createDocumentClient({
      endpoint: dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    await createTableIfMissing(db, LOCAL_TABLE_NAME);
    const stores = createDynamoDbStores(db, LOCAL_TABLE_NAME, now);
    const s3 = createS3Client({
      endpoint: s3Emulator.endpoint,
      region: LOCAL_REGION,
      credentials: S3RVER_CREDENTIALS,
      forcePathStyle: true,
    });
    // The adapter the publisher runs on Lambda, against s3rver; the client above only serves the site.
    const siteBucket = new S3SiteBucket({
      bucket: LOCAL_SITE_BUCKET,
      endpoint: s3Emulator.endpoint,
      region: LOCAL_REGION,
      credentials: S3RVER_CREDENTIALS,
    });
    const sesClient = new SESv2Client({ endpoint: ses.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const outbox = new LocalOutbox(now, options.dataDir && `${options.dataDir}/outbox.jsonl`);

    const events = new InProcessEventBus((error, event) =>
      logger.error('An event subscriber failed', { error: error as Error, eventId: event.id }),
    );
    // Every incident write nudges the relay, so committed events go at once rather than at its next
    // poll; the poll stays the guarantee.
    let relayNow = () => {};
    const incidents: typeof stores.incidents = Object.assign(
      Object.create(stores.incidents) as typeof stores.incidents,
      {
        create: async (...args: Parameters<typeof stores.incidents.create>) => {
          await stores.incidents.create(...args);
          relayNow();
        },
        save: async (...args: Parameters<typeof stores.incidents.save>) => {
          await stores.incidents.save(...args);
          relayNow();
        },
        announce: async (...args: Parameters<typeof stores.incidents.announce>) => {
          await stores.incidents.announce(...args);
          relayNow();
        },
      },
    );
    // Maintenance windows' timers: kept in the table beside the alert timers, ticked with them.
    const maintenanceTimers = new LocalAlertTimers(db, LOCAL_TABLE_NAME, now, 'MAINTENANCE_TIMERS');
    const adapters = { config, stores: { ...stores, incidents }, events, clock, logger };
    const services = composeCore({ ...adapters, maintenanceTimers, renderPostmortem });
    maintenanceTimers.onDue((name) => services.maintenances.onTimer(name));
    await services.components.sync();
    await Promise.all(
      options.apiKeys.map(({ key, name, scope }) =>
        stores.apiKeys.put({ hash: hashApiKey(key, LOCAL_PEPPER), name, scope, createdAt: new Date().toISOString() }),
      ),
    );
    // Mail comes from the configured domain; only the links follow this server.
    const channels = {
      email: new SesEmailSender(sesClient, senderAddress(options.config)),
      sms: outbox,
      webhooks: outbox,
    };
    const subscribers = composeSubscribers({
      ...adapters,
      channels,
      tokenKey: async () => LOCAL_TOKEN_KEY,
      apiUrl: url,
      allowPrivateNetworks: true, // local receivers listen on 127.0.0.1
    });

    // The response plan: committed events reach it through the outbox relay; its jobs wait in the
    // table (the queue's stand-in) for the worker loops.
    // Short leases: only this process works here, so after a kill -9 the work resumes soon after
    // the restart (a batch's worst case, every retry waited out, stays well within them).
    const queue = new TableJobQueue(db, LOCAL_TABLE_NAME, now, {
      leaseMs: (LOCAL_BATCH_LEASE_SECONDS + 5) * 1000,
      maxReceives: 5,
    });
    await queue.releaseLeases();
    const scheduler = new LocalScheduler(db, LOCAL_TABLE_NAME, now);
    const batches: BatchReport[] = [];
    const { worker, ticks, preview } = composeResponsePlan(
      { ...adapters, channels, services, subscribers },
      {
        posters: enabledPosters(config, {
          x: () => options.socialPoster ?? options.socialPosters?.x ?? new OutboxSocialPoster(outbox, 'x'),
          mastodon: () => options.socialPosters?.mastodon ?? new OutboxSocialPoster(outbox, 'mastodon'),
          bluesky: () => options.socialPosters?.bluesky ?? new OutboxSocialPoster(outbox, 'bluesky'),
        }),
        queue,
        scheduler,
        limits: configuredLimits(config),
        onBatch: (report) => void batches.push(report),
        batchLeaseSeconds: LOCAL_BATCH_LEASE_SECONDS,
      },
    );
    events.subscribe((event) => worker.onEvent(event));
    const workers = new JobWorkers(queue, (job) => worker.run(job), {
      workers: options.workers ?? 2,
      pollMs: 50,
      onError: (error, job) =>
        logger.warn(job ? 'A notification job failed; it will be retried' : 'Receiving notification jobs failed', {
          error: error as Error,
          job: job?.id,
        }),
    });
    queue.onEnqueued = () => workers.wake();
    const relay = new OutboxRelay({
      outbox: stores.outbox,
      sink: options.relaySink ? options.relaySink(events) : events,
      onError: (error, pending) =>
        logger.warn('Relaying events failed; they stay in the outbox', {
          error: error as Error,
          source: pending.source,
        }),
    });
    // Drains run one after another, never side by side (each would pass on the same events): a
    // nudge while one runs queues one more, and further nudges join that one.
    const relayMs = options.relayPollMs ?? 100;
    let relaying: Promise<RelayReport> = Promise.resolve({ relayed: 0, failed: [] });
    let nudged = false;
    const relayInTurn = (): Promise<RelayReport> => {
      relaying = relaying
        .catch(() => ({ relayed: 0, failed: [] }))
        .then(() => {
          nudged = false;
          return relay.drain({ limit: 1000 });
        });
      return relaying;
    };
    const drainOutbox = (): void => {
      if (nudged) return;
      nudged = true;
      relayInTurn().catch((error: unknown) => logger.error('The outbox relay failed', error as Error));
    };
    if (relayMs > 0) relayNow = drainOutbox;
    const relayTimer = relayMs > 0 ? setInterval(drainOutbox, relayMs) : undefined;
    relayTimer?.unref();
    scheduler.onDue((incidentId) => ticks.onTick(incidentId));
    const tickMs = options.schedulerTickMs ?? 15_000;
    const ticker =
      tickMs > 0
        ? setInterval(
            () => scheduler.tick().catch((e: unknown) => logger.error('Scheduler tick failed', e as Error)),
            tickMs,
          )
        : undefined;
    ticker?.unref();
    workers.start();

    /** Relays, runs due jobs, and again, until nothing committed or due within a second is left. */
    const settle = async (): Promise<void> => {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const { relayed } = await relayInTurn();
        await events.idle();
        let ran = 0;
        while (await workers.runOne()) ran++;
        if (
          !relayed &&
          !ran &&
          !workers.busy &&
          (await stores.outbox.pending({ limit: 1 })).length === 0 &&
          (await queue.dueWithin(1000)) === 0
        )
          return;
        if (Date.now() > deadline) throw new Error('Local mode did not settle within two minutes');
        if (!relayed && !ran) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    const slackApi = new LocalSlack(outbox);
    const notifyChannel = config.slack?.notifyChannelId;
    const alertTimers = new LocalAlertTimers(db, LOCAL_TABLE_NAME, now);
    const alertService = new AlertService({
      config: config,
      alerts: stores.alerts,
      timers: alertTimers,
      signals: services.signals,
      incidents: services.incidents,
      audit: stores.audit,
      clock,
      ...(notifyChannel
        ? { announce: (text: string) => slackApi.postMessage(notifyChannel, { text: escapeSlack(text) }) }
        : {}),
    });
    alertTimers.onDue((name) => alertService.onTimer(name));
    await Promise.all(
      (options.integrationSecrets ?? []).map(({ integration, name, secret }) =>
        stores.integrationKeys.put({
          hash: hashApiKey(secret, LOCAL_PEPPER),
          integration,
          name,
          createdAt: new Date().toISOString(),
        }),
      ),
    );
    // Every second, so a held alert reaches the page within two seconds of its hold time.
    const alertTickMs = options.alertTimerTickMs ?? 1000;
    const alertTicker =
      alertTickMs > 0
        ? setInterval(() => {
            alertTimers.tick().catch((e: unknown) => logger.error('Alert timers failed', e as Error));
            maintenanceTimers.tick().catch((e: unknown) => logger.error('Maintenance timers failed', e as Error));
          }, alertTickMs)
        : undefined;
    alertTicker?.unref();
    const slackJobs = new InProcessSlackJobs((error) => logger.error('A Slack job failed', error as Error));
    const slackService = config.slack
      ? new SlackService({
          config: config,
          ...services,
          api: slackApi,
          jobs: slackJobs,
          replays: stores.replays,
          siteUrl: url,
          alerts: alertService,
        })
      : null;
    if (slackService) slackJobs.setWorker((job) => slackService.runJob(job));

    const deps: ApiDeps = {
      config: config,
      ...services,
      audit: stores.audit,
      subscribers,
      notifications: preview,
      apiUrl: url,
      siteUrl: url,
      slack: slackService
        ? { service: slackService, signingSecret: async () => options.slackSigningSecret ?? LOCAL_SLACK_SIGNING_SECRET }
        : null,
      authenticator: new ApiKeyAuthenticator(stores.apiKeys, async () => LOCAL_PEPPER),
      logger,
      alerts: {
        service: alertService,
        authenticator: new IntegrationAuthenticator(stores.integrationKeys, async () => LOCAL_PEPPER),
        sns: options.sns ?? {
          fetchCertificate: snsCertificateFetcher(),
          confirmSubscription: snsSubscriptionConfirmer,
        },
      },
    };
    const handlers = Object.fromEntries(ROUTE_IDS.map((id) => [id, API_HANDLERS[id](deps)])) as Record<
      RouteId,
      ApiLambdaHandler
    >;
    const answer = (request: IncomingMessage, response: ServerResponse) => {
      serve({ handlers, s3, sesEndpoint: ses.endpoint, outbox }, request, response).catch((error: unknown) => {
        logger.error('Local server failed to answer', error as Error);
        if (!response.headersSent) sendResult(response, internalError(undefined));
      });
    };

    const cdn = new NoContentDelivery();
    const reports: PublishReport[] = [];
    const publisher = new SiteCopies({
      copies: [{ name: 'local', bucket: siteBucket, cdn }, ...(options.siteCopies ?? [])],
      render: async () => renderSite(await loadSiteState(stores, config, clock, url)),
      onCopyFailed: (copy, error) => logger.warn(SITE_COPY_FAILED, { copy, error: error as Error }),
    });
    const publishing = new CoalescingRunner(
      async () => {
        const { published } = await publisher.publish();
        if (published.local) reports.push(published.local);
      },
      PUBLISH_INTERVAL_MS,
      (error) => logger.error('Publishing the status page failed', error as Error),
      options.publishTimer,
    );
    // The status page follows the domain events, as on AWS; never the request handlers. It is
    // rendered from the state, so a failed publish is made good by the next one.
    events.subscribe(() => void publishing.request());
    await publishing.request();
    const probes = new LocalProbes({
      config: config,
      prober: options.prober ?? new NetProber(),
      results: stores.probeResults,
      componentRecords: stores.components,
      signals: services.signals,
      clock,
      logger,
      afterRun: () => void publishing.request(),
    });
    probes.start(options.probeIntervalMs ?? 60_000);
    gate.open(answer);

    return {
      url,
      port: (server.address() as AddressInfo).port,
      dynamoDbEndpoint: dynamo.endpoint,
      sesEndpoint: ses.endpoint,
      services,
      subscribers,
      events: {
        subscribe: (subscriber) => events.subscribe(subscriber),
        publish: (published) => events.publish(published),
        idle: settle,
      },
      relay,
      queue,
      stores,
      outbox,
      slack: { api: slackApi, jobs: slackJobs },
      batches,
      scheduler,
      alerts: { service: alertService, timers: alertTimers },
      maintenanceTimers,
      probes,
      site: {
        s3Endpoint: s3Emulator.endpoint,
        cdn,
        reports,
        idle: async () => {
          await settle();
          await publishing.idle();
        },
      },
      close: async () => {
        if (ticker) clearInterval(ticker);
        if (alertTicker) clearInterval(alertTicker);
        await alertTimers.idle(); // a running tick finishes before the table goes
        await maintenanceTimers.idle();
        if (relayTimer) clearInterval(relayTimer);
        await probes.stop();
        await relaying.catch(() => {});
        await workers.stop();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await slackJobs.idle();
        await events.idle();
        await publishing.idle();
        db.destroy();
        s3.destroy();
        sesClient.destroy();
        await Promise.all(emulators.map((e) => e.close()));
      },
    };
  } catch (error) {
    if (server.listening) server.close();
    await Promise.all(emulators.map((e) => e.close()));
    throw error;
  }
}

interface Served {
  handlers: Record<RouteId, ApiLambdaHandler>;
  s3: S3Client;
  sesEndpoint: string;
  outbox: LocalOutbox;
}

async function serve(served: Served, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
  if (url.pathname === '/_dev/outbox') return serveOutbox(served, request, response);
  // Everything outside the API is the status site, as it is under the CloudFront domain.
  if (!url.pathname.startsWith('/v1/')) return serveSite(served.s3, LOCAL_SITE_BUCKET, request, response, url);
  const match = matchRoute(request.method ?? 'GET', url.pathname);
  if (match.kind === 'none') {
    return sendResult(response, problem(new NotFoundError(`Nothing is served at ${url.pathname}`), url.pathname));
  }
  if (match.kind === 'wrong-method') {
    const result = problem(new MethodNotAllowedError(`${request.method} is not allowed here`), url.pathname);
    return sendResult(response, { ...result, headers: { ...result.headers, allow: match.allowed.join(', ') } });
  }
  const body = await readBody(request, MAX_BODY_BYTES);
  if (body === undefined) {
    const tooLarge = new PayloadTooLargeError(`The request body is larger than ${MAX_BODY_BYTES} bytes`);
    return sendResult(response, problem(tooLarge, url.pathname));
  }
  const route = ROUTES[match.id];
  const routeKey = `${route.method} ${route.path}`;
  const event = toApiGatewayEvent(request, url, body, routeKey, match.params);
  sendResult(response, await served.handlers[match.id](event, localLambdaContext(`lifeboat-${match.id}`)));
}

/** /_dev/outbox: every message sent on every channel, newest first. HTML, or JSON when asked. */
async function serveOutbox(served: Served, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const messages = await sentMessages(served.sesEndpoint, served.outbox.messages);
  const wantsJson = (request.headers.accept ?? '').includes('application/json');
  const body = wantsJson ? JSON.stringify({ messages }) : outboxPage(messages);
  response.writeHead(200, {
    'content-type': wantsJson ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(body);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}
