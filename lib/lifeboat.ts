import { CustomResource, Duration } from 'aws-cdk-lib';
import { Archive, EventBus } from 'aws-cdk-lib/aws-events';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../lambdas/adapters/aws/eventbridge-publisher';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import lifeboatConfig from '../lifeboat.config';
import { type LifeboatConfig, parseConfig } from '../lambdas/core/config';
import { AlertTimers } from './alert-timers';
import { LifeboatApi } from './lifeboat-api';
import { LifeboatEmail } from './lifeboat-email';
import { Notifications } from './notifications';
import { OutboxRelay } from './outbox-relay';
import { ProbeEvaluation } from './probe-evaluation';
import { SlackWorker } from './slack-worker';
import { LifeboatFunction } from './lifeboat-function';
import { LifeboatStorage, type LifeboatStorageProps } from './lifeboat-storage';
import { OperatorAlarms, type OperatorAlarmsProps } from './operator-alarms';
import { SitePublishing } from './site-publishing';
import { grantTableAccess } from './table-access';

export interface LifeboatProps {
  /**
   * The stateful part (table, site, secrets). Pass one created in another stack to keep state
   * apart from the functions; by default the construct creates its own.
   */
  storage?: LifeboatStorage;
  /** A table to use instead of the storage's, e.g. one restored from a backup; it needs its stream on. */
  table?: ITableV2;
  /** Used only when `storage` is not given. */
  storageProps?: LifeboatStorageProps;
  /** Who hears when Lifeboat itself fails. */
  alarms?: OperatorAlarmsProps;
  /** What Lifeboat reports on; by default the repository's lifeboat.config.ts. */
  config?: LifeboatConfig;
  /** API throttling: steady requests per second and burst. */
  apiRateLimit?: number;
  apiBurstLimit?: number;
}

/**
 * The whole Lifeboat service as one construct: the management API, the domain-event bus, the
 * status-site publisher, email sending with bounce handling, the component sync after each deploy,
 * and the alarms on all of it.
 */
export class Lifeboat extends Construct {
  readonly storage: LifeboatStorage;
  readonly eventBus: EventBus;
  readonly api: LifeboatApi;
  readonly alarms: OperatorAlarms;
  readonly publishing: SitePublishing;
  readonly email: LifeboatEmail;
  readonly slackWorker: SlackWorker;
  readonly notifications: Notifications;
  readonly outboxRelay: OutboxRelay;
  readonly alertTimers: AlertTimers;
  /** Present when the config has probe checks. */
  readonly probes?: ProbeEvaluation;

  constructor(scope: Construct, id: string, props: LifeboatProps = {}) {
    super(scope, id);
    this.storage = props.storage ?? new LifeboatStorage(this, 'Storage', props.storageProps);
    const { secrets } = this.storage;
    const table = props.table ?? this.storage.table;

    this.eventBus = new EventBus(this, 'Events', { description: 'Lifeboat domain events' });
    // Keeps every event for a month, so a consumer that was down can be replayed.
    new Archive(this, 'EventArchive', {
      sourceEventBus: this.eventBus,
      eventPattern: { source: [EVENT_SOURCE] },
      retention: Duration.days(30),
      description: 'Lifeboat domain events, for replay',
    });

    const config = props.config ?? parseConfig(lifeboatConfig, 'lifeboat.config.ts');
    const sender = config.subscriptions.fromAddress ?? `status@${new URL(config.page.url).hostname}`;
    this.email = new LifeboatEmail(this, 'Email', { table, domain: sender.split('@')[1]! });

    this.alertTimers = new AlertTimers(this, 'Alerts', { table, eventBus: this.eventBus, slackBotToken: secrets.slackBotToken });
    this.slackWorker = new SlackWorker(this, 'Slack', {
      table,
      eventBus: this.eventBus,
      botToken: secrets.slackBotToken,
      alertTimers: this.alertTimers,
    });

    this.api = new LifeboatApi(this, 'Api', {
      alertTimers: this.alertTimers,
      slack: { signingSecret: secrets.slackSigningSecret, botToken: secrets.slackBotToken, worker: this.slackWorker.function },
      table,
      eventBus: this.eventBus,
      apiKeyPepper: secrets.apiKeyPepper,
      tokenSigningKey: secrets.tokenSigningKey,
      email: this.email,
      ...(props.apiRateLimit ? { rateLimit: props.apiRateLimit } : {}),
      ...(props.apiBurstLimit ? { burstLimit: props.apiBurstLimit } : {}),
    });

    const syncComponents = new LifeboatFunction(this, 'SyncComponents', {
      entry: 'sync-components',
      description: 'Lifeboat: give configured components their stored state after each deploy',
      environment: { TABLE_NAME: table.tableName, EVENT_BUS_NAME: this.eventBus.eventBusName },
      timeout: Duration.minutes(1),
    });
    grantTableAccess(table, syncComponents, 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem');
    // Runs when the function's code (and so the bundled config) changes.
    new CustomResource(this, 'ComponentsSynchronised', {
      serviceToken: syncComponents.functionArn,
      resourceType: 'Custom::LifeboatComponents',
      properties: { CodeVersion: syncComponents.currentVersion.version },
    });

    this.publishing = new SitePublishing(this, 'SitePublishing', {
      table,
      eventBus: this.eventBus,
      site: this.storage.site,
      publicApiUrl: this.api.url,
    });
    this.eventBus.grantPutEventsTo(syncComponents);

    // Incident changes commit their events to the table's outbox; the relay puts them on the bus.
    this.outboxRelay = new OutboxRelay(this, 'Outbox', { table, eventBus: this.eventBus });

    this.notifications = new Notifications(this, 'Notifications', {
      maxConcurrency: config.responsePlan.limits.concurrency,
      table,
      eventBus: this.eventBus,
      email: this.email,
      tokenSigningKey: secrets.tokenSigningKey,
      xCredentials: secrets.xCredentials,
      publicApiUrl: this.api.url,
    });

    if (config.probes?.checks.length) this.probes = new ProbeEvaluation(this, 'Probes', { table, eventBus: this.eventBus });

    this.alarms = new OperatorAlarms(this, 'Alarms', props.alarms);
    this.alarms.watchFunctions('Api', Object.values(this.api.functions));
    this.alarms.watchFunctions('Background', [
      this.publishing.function,
      syncComponents,
      this.email.feedbackFunction,
      this.slackWorker.function,
      this.notifications.notifier,
      this.notifications.tick,
      this.outboxRelay.function,
      this.alertTimers.function,
      ...(this.probes ? [this.probes.function] : []),
    ]);
    this.alarms.alarmOn(
      'AlertTimerDeadLetters',
      'Alerts: hold times or planned declarations EventBridge Scheduler could not run',
      this.alertTimers.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
    );
    for (const queue of this.outboxRelay.deadLetterQueues) {
      this.alarms.alarmOn(
        `Outbox${queue.node.id}Depth`,
        `Outbox relay: messages in ${queue.node.id}`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      );
    }
    // Jobs waiting long mean the workers cannot keep up (or the concurrency quota is too low).
    for (const [lane, queue] of Object.entries(this.notifications.lanes)) {
      this.alarms.alarmOn(
        `Notification${lane[0]!.toUpperCase()}${lane.slice(1)}JobsAge`,
        `Notifications: oldest ${lane} job queued for more than 5 minutes`,
        queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }),
        300,
      );
    }
    for (const queue of this.notifications.deadLetterQueues) {
      this.alarms.alarmOn(
        `Notifications${queue.node.id}Depth`,
        `Notifications: messages in ${queue.node.id}`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      );
    }
    if (this.probes) {
      this.alarms.alarmOn(
        'ProbeEvaluationDeadLetters',
        'Probes: evaluations EventBridge could not deliver',
        this.probes.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      );
    }
    this.alarms.alarmOn(
      'SlackDeadLetters',
      'Slack: /outage work that failed after retries',
      this.slackWorker.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
    );
    this.alarms.alarmOn(
      'FeedbackDeadLetters',
      'Email feedback: bounces or complaints not handled',
      this.email.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
    );
    // SES reviews an account at 5% bounces or 0.1% complaints: warn before that.
    this.alarms.alarmOn(
      'SesBounceRate',
      'SES: bounce rate above 4%',
      new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', statistic: 'Maximum', period: Duration.hours(1) }),
      0.04,
    );
    this.alarms.alarmOn(
      'SesComplaintRate',
      'SES: complaint rate above 0.08%',
      new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.ComplaintRate', statistic: 'Maximum', period: Duration.hours(1) }),
      0.0008,
    );
    for (const queue of this.publishing.deadLetterQueues) {
      this.alarms.alarmOn(
        `${queue.node.id}Depth`,
        `Status site: messages in ${queue.node.id}`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      );
    }
    if (this.publishing.copyFailures) {
      this.alarms.alarmOn('StatusSiteCopyFailures', 'Status site: a copy (primary or replica region) was not published', this.publishing.copyFailures);
    }
    this.alarms.alarmOn(
      'ApiServerErrors',
      'Lifeboat API: 5xx answers',
      this.api.httpApi.metricServerError({ period: Duration.minutes(5) }),
    );
  }
}
