import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import { ComparisonOperator, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../lambdas/adapters/aws/eventbridge-publisher';
import { type LifeboatConfig, type LifeboatConfigInput, parseConfig } from '../lambdas/core/config';
import { senderAddress } from '../lambdas/core/sender-address';
import { AlertTimers } from './alert-timers';
import { deadLetterQueue } from './dead-letter-queue';
import { provideConfig } from './deployed-config';
import { LifeboatApi } from './lifeboat-api';
import { LifeboatEmail } from './lifeboat-email';
import { LifeboatFunction } from './lifeboat-function';
import { LifeboatStorage, type LifeboatStorageProps } from './lifeboat-storage';
import { MaintenanceTimers } from './maintenance-timers';
import { Notifications } from './notifications';
import { checkAlarmDestinations, OperatorAlarms, type OperatorAlarmsProps } from './operator-alarms';
import { OutboxRelay } from './outbox-relay';
import { cloudFrontErrorRateAlarm } from './outside-probe';
import { ProbeEvaluation } from './probe-evaluation';
import { SitePublishing } from './site-publishing';
import { SlackWorker } from './slack-worker';
import { SocialSecrets } from './social-secrets';
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
  /**
   * Who hears when Lifeboat itself fails: at least one destination (email, SMS, Slack through
   * AWS Chatbot, a webhook), or an explicit `noDestinationReason`; synth fails otherwise.
   */
  alarms: OperatorAlarmsProps;
  /**
   * What Lifeboat reports on (the page, components, response plan), as in lifeboat.config.ts.
   * Validated at synth with the same schema the functions use; each function gets it beside its
   * code, so this app's config, not the package's, is what runs.
   */
  config: LifeboatConfigInput;
  /** API throttling: steady requests per second and burst. */
  apiRateLimit?: number;
  apiBurstLimit?: number;
  /**
   * Concurrency kept, out of the account's pool, for each function that declares (write routes,
   * Slack); the notifier then keeps its lanes' maximum concurrency, all four together. A flood
   * elsewhere cannot starve them. 0 turns it off (an account whose concurrency quota is still the
   * new-account 10 cannot reserve any). @default 5
   */
  reservedConcurrency?: number;
  /** The monthly SMS budget in USD: an alarm fires at 80% of it. @default 1 (SNS's default spend limit) */
  smsMonthlyBudgetUsd?: number;
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
  readonly maintenanceTimers: MaintenanceTimers;
  /** Present when the config has probe checks. */
  readonly probes?: ProbeEvaluation;

  /** The validated config every function is deployed with. */
  readonly config: LifeboatConfig;

  constructor(scope: Construct, id: string, props: LifeboatProps) {
    super(scope, id);
    checkProps(props);
    this.config = parseConfig(props.config, `the config of ${this.node.path}`);
    provideConfig(this, this.config);
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

    const config = this.config;
    const reserved = props.reservedConcurrency ?? 5;
    const sender = senderAddress(config);
    this.email = new LifeboatEmail(this, 'Email', { table, domain: sender.split('@')[1]! });

    this.alertTimers = new AlertTimers(this, 'Alerts', {
      table,
      eventBus: this.eventBus,
      slackBotToken: secrets.slackBotToken,
    });
    this.maintenanceTimers = new MaintenanceTimers(this, 'Maintenance', { table, eventBus: this.eventBus });
    this.slackWorker = new SlackWorker(this, 'Slack', {
      table,
      eventBus: this.eventBus,
      botToken: secrets.slackBotToken,
      alertTimers: this.alertTimers,
      maintenanceTimers: this.maintenanceTimers,
    });

    this.api = new LifeboatApi(this, 'Api', {
      alertTimers: this.alertTimers,
      maintenanceTimers: this.maintenanceTimers,
      slack: {
        signingSecret: secrets.slackSigningSecret,
        botToken: secrets.slackBotToken,
        worker: this.slackWorker.function,
      },
      table,
      eventBus: this.eventBus,
      apiKeyPepper: secrets.apiKeyPepper,
      tokenSigningKey: secrets.tokenSigningKey,
      email: this.email,
      ...(props.apiRateLimit ? { rateLimit: props.apiRateLimit } : {}),
      ...(props.apiBurstLimit ? { burstLimit: props.apiBurstLimit } : {}),
      declaringConcurrency: reserved,
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
      socialCredentials: new SocialSecrets(this, 'SocialSecrets', { social: this.config.social }),
      publicApiUrl: this.api.url,
      reservedConcurrency: reserved,
    });

    if (config.probes?.checks.length)
      this.probes = new ProbeEvaluation(this, 'Probes', { table, eventBus: this.eventBus });

    this.alarms = new OperatorAlarms(this, 'Alarms', props.alarms);
    // Functions invoked asynchronously (by a schedule, a rule, CloudFormation) keep what failed
    // after Lambda's retries here, and the depth alarm says so: no error vanishes.
    const failedInvocations = deadLetterQueue(
      this,
      'FailedInvocations',
      "asynchronous invocations that failed after Lambda's retries",
    );
    for (const fn of [
      this.notifications.tick,
      this.outboxRelay.function,
      syncComponents,
      this.alertTimers.function,
      this.maintenanceTimers.function,
      ...(this.probes ? [this.probes.function] : []),
    ]) {
      fn.configureAsyncInvoke({ onFailure: new SqsDestination(failedInvocations), retryAttempts: 2 });
    }
    this.alarms.alarmOn(
      'FailedInvocationsDepth',
      'Asynchronous invocations (X tick, outbox sweep, component sync, alert and maintenance timers, probe evaluation) that failed after retries',
      failedInvocations.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
    );
    const smsBudget = props.smsMonthlyBudgetUsd ?? 1;
    this.alarms.alarmOn(
      'SmsSpend',
      `SMS: month-to-date spend at 80% of the $${smsBudget} budget (SNS stops sending at the account's limit)`,
      new Metric({
        namespace: 'AWS/SNS',
        metricName: 'SMSMonthToDateSpentUSD',
        statistic: 'Maximum',
        period: Duration.minutes(5),
      }),
      smsBudget * 0.8,
    );
    this.alarms.alarmOn(
      'SmsDeliveryFailures',
      'SMS: fewer than 90% of text messages delivered in the last hour',
      new Metric({
        namespace: 'AWS/SNS',
        metricName: 'SMSSuccessRate',
        statistic: 'Average',
        period: Duration.hours(1),
      }),
      0.9,
      { comparison: ComparisonOperator.LESS_THAN_THRESHOLD },
    );
    // Every work queue (one with a dead-letter queue): its oldest message waiting five minutes
    // means its consumer is failing, throttled or short of concurrency.
    const watchedAge = new Set<Queue>(Object.values(this.notifications.lanes));
    for (const queue of this.node.findAll().filter((c): c is Queue => c instanceof Queue)) {
      if (!queue.deadLetterQueue || watchedAge.has(queue)) continue;
      this.alarms.alarmOn(
        `${queue.node.scope!.node.id}${queue.node.id}Age`,
        `${queue.node.scope!.node.id}: oldest message in ${queue.node.id} waiting more than 5 minutes`,
        queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }),
        300,
      );
    }
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
      this.maintenanceTimers.function,
      ...(this.probes ? [this.probes.function] : []),
    ]);
    this.alarms.alarmOn(
      'AlertTimerDeadLetters',
      'Alerts: hold times or planned declarations EventBridge Scheduler could not run',
      this.alertTimers.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
    );
    this.alarms.alarmOn(
      'MaintenanceTimerDeadLetters',
      'Maintenance: window starts, ends or reminders EventBridge Scheduler could not run',
      this.maintenanceTimers.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
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
      new Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.BounceRate',
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      0.04,
    );
    this.alarms.alarmOn(
      'SesComplaintRate',
      'SES: complaint rate above 0.08%',
      new Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.ComplaintRate',
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      0.0008,
    );
    for (const queue of this.publishing.deadLetterQueues) {
      this.alarms.alarmOn(
        `${queue.node.id}Depth`,
        `Status site: messages in ${queue.node.id}`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      );
    }
    // CloudFront's metrics exist only in us-east-1; elsewhere the outside probe's stack alarms on them.
    if (Stack.of(this).region === 'us-east-1')
      cloudFrontErrorRateAlarm(this.alarms, this.storage.site.distribution.distributionId);
    if (this.publishing.copyFailures) {
      this.alarms.alarmOn(
        'StatusSiteCopyFailures',
        'Status site: a copy (primary or replica region) was not published',
        this.publishing.copyFailures,
      );
    }
    this.alarms.alarmOn(
      'ApiServerErrors',
      'Lifeboat API: 5xx answers',
      this.api.httpApi.metricServerError({ period: Duration.minutes(5) }),
    );
  }
}

/** Props that contradict each other are refused at synth, each with what to do instead. */
function checkProps(props: LifeboatProps): void {
  if (!props || typeof props !== 'object' || !props.config) {
    throw new Error(
      "Lifeboat needs its config: new Lifeboat(this, 'Lifeboat', { config, alarms }) (see lifeboat.config.ts for its shape)",
    );
  }
  if (props.storage && props.storageProps) {
    throw new Error('Lifeboat: give `storage` (created elsewhere) or `storageProps` (to create it here), not both');
  }
  if (
    props.reservedConcurrency !== undefined &&
    (!Number.isInteger(props.reservedConcurrency) || props.reservedConcurrency < 0)
  ) {
    throw new Error('Lifeboat: reservedConcurrency is a whole number, 0 for none');
  }
  if (props.smsMonthlyBudgetUsd !== undefined && !(props.smsMonthlyBudgetUsd > 0)) {
    throw new Error('Lifeboat: smsMonthlyBudgetUsd is an amount in USD above 0');
  }
  if (
    props.apiBurstLimit !== undefined &&
    props.apiRateLimit !== undefined &&
    props.apiBurstLimit < props.apiRateLimit
  ) {
    throw new Error('Lifeboat: apiBurstLimit must be at least apiRateLimit');
  }
  checkAlarmDestinations(props.alarms);
}
