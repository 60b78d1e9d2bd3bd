import { Duration, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../lambdas/adapters/aws/eventbridge-publisher';
import { LANES, type Lane } from '../lambdas/plan/jobs';
import { deadLetterQueue } from './dead-letter-queue';
import type { LifeboatEmail } from './lifeboat-email';
import { LifeboatFunction } from './lifeboat-function';
import { wildcardArnFinding } from './nag';
import { grantSmsOnly } from './sms-access';
import { grantTableAccess, type TableAction } from './table-access';

export interface NotificationsProps {
  /** Workers at once in each lane: the maximum concurrency of each of the notifier's event sources (2 to 1000). */
  maxConcurrency: number;
  table: ITableV2;
  eventBus: IEventBus;
  email: LifeboatEmail;
  tokenSigningKey: ISecret;
  xCredentials: ISecret;
  /** The other social networks' credentials, for those switched on. */
  socialCredentials?: { mastodon?: ISecret | undefined; bluesky?: ISecret | undefined };
  publicApiUrl: string;
  /** Whether to keep concurrency for the notifier: its lanes' maximum concurrency, all together (0 for none). @default 0 */
  reservedConcurrency?: number;
}

/**
 * A job is one page to plan or one batch to send. At a low rate shared by many workers (SES's
 * default 14 a second, ten workers) a batch of 50 waits about 40 s for its share of the budget:
 * two minutes leave room for retries too. The batch lease (BATCH_LEASE_SECONDS) is longer still.
 */
const NOTIFIER_TIMEOUT = Duration.minutes(2);
const TABLE_ACTIONS: TableAction[] = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/**
 * The response plan on AWS: incident events → a queue (with a dead-letter queue) → the notifier,
 * which plans the first page of the audience at once and queues the rest of its work on the same
 * queue as small jobs (a page to plan, a batch to send, a post to make). The event source's
 * maximum concurrency bounds the workers; the send budget in the table keeps them together within
 * the providers' rates. For X, one EventBridge schedule per open incident invokes the tick function.
 */
export class Notifications extends Construct {
  readonly notifier: LifeboatFunction;
  readonly tick: LifeboatFunction;
  /** The planning lane's queue, which domain events also arrive on. */
  readonly queue: Queue;
  /** One queue per lane: planning, and each provider. */
  readonly lanes: Record<Lane, Queue>;
  readonly deadLetterQueues: Queue[];

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    const undelivered = deadLetterQueue(this, 'UndeliveredEvents', 'incident events EventBridge could not queue');
    const failedTicks = deadLetterQueue(
      this,
      'FailedTicks',
      'scheduled social posts EventBridge Scheduler could not deliver',
    );
    this.deadLetterQueues = [undelivered, failedTicks];

    const lane = (name: Lane) => {
      const failed = deadLetterQueue(
        this,
        name === 'plan' ? 'DeadLetters' : `${capitalise(name)}DeadLetters`,
        `${name} jobs that kept failing`,
      );
      this.deadLetterQueues.push(failed);
      return new Queue(this, name === 'plan' ? 'Queue' : `${capitalise(name)}Queue`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        // Six times the function timeout, as Lambda advises for SQS sources: a failed job returns then.
        visibilityTimeout: Duration.minutes(NOTIFIER_TIMEOUT.toMinutes() * 6),
        deadLetterQueue: { queue: failed, maxReceiveCount: 5 },
      });
    };
    this.lanes = Object.fromEntries(LANES.map((name) => [name, lane(name)])) as Record<Lane, Queue>;
    this.queue = this.lanes.plan;
    new Rule(this, 'OnIncidentEvent', {
      eventBus: props.eventBus,
      description: 'Declares, updates, resolves, postmortems and maintenance changes run the response plan',
      eventPattern: {
        source: [EVENT_SOURCE],
        detailType: [
          'incident.declared',
          'incident.updated',
          'incident.resolved',
          'incident.postmortem_published',
          'maintenance.changed',
        ],
      },
      targets: [
        new SqsQueue(this.queue, { deadLetterQueue: undelivered, retryAttempts: 185, maxEventAge: Duration.hours(24) }),
      ],
    });

    const group = new ScheduleGroup(this, 'Schedules', {});
    const environment = {
      TABLE_NAME: props.table.tableName,
      TOKEN_KEY_SECRET_ARN: props.tokenSigningKey.secretArn,
      X_CREDENTIALS_SECRET_ARN: props.xCredentials.secretArn,
      ...(props.socialCredentials?.mastodon
        ? { MASTODON_CREDENTIALS_SECRET_ARN: props.socialCredentials.mastodon.secretArn }
        : {}),
      ...(props.socialCredentials?.bluesky
        ? { BLUESKY_CREDENTIALS_SECRET_ARN: props.socialCredentials.bluesky.secretArn }
        : {}),
      PUBLIC_API_URL: props.publicApiUrl,
      SES_CONFIGURATION_SET: props.email.configurationSet.configurationSetName,
      SCHEDULE_GROUP: group.scheduleGroupName,
      PLAN_QUEUE_URL: this.lanes.plan.queueUrl,
      EMAIL_QUEUE_URL: this.lanes.email.queueUrl,
      SMS_QUEUE_URL: this.lanes.sms.queueUrl,
      WEBHOOK_QUEUE_URL: this.lanes.webhook.queueUrl,
    };

    this.tick = new LifeboatFunction(this, 'XTick', {
      entry: 'social-tick',
      description: 'Lifeboat: post on the social networks while an incident stays open',
      timeout: Duration.minutes(1),
      environment,
    });
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lifeboat: lets EventBridge Scheduler invoke the X tick',
    });
    schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.tick.functionArn] }),
    );
    failedTicks.grantSendMessages(schedulerRole);

    this.notifier = new LifeboatFunction(this, 'Notifier', {
      entry: 'notifier',
      description: 'Lifeboat: run the response plan (email, SMS, webhooks, X)',
      timeout: NOTIFIER_TIMEOUT,
      memorySize: 1024,
      // Kept capacity: the sends go out even when something else drains the account's pool. It is
      // also a ceiling, so it is what all the lanes may run at once, never less.
      ...(props.reservedConcurrency ? { reservedConcurrentExecutions: props.maxConcurrency * LANES.length } : {}),
      environment: {
        ...environment,
        SCHEDULE_TARGET_ARN: this.tick.functionArn,
        SCHEDULE_ROLE_ARN: schedulerRole.roleArn,
        SCHEDULE_DEAD_LETTER_ARN: failedTicks.queueArn,
      },
    });
    // Each lane has its own event source: a provider's lane waiting out its rate holds no other.
    for (const queue of Object.values(this.lanes)) {
      // One job per invocation: jobs wait on a shared budget, and a timeout must never take several.
      this.notifier.addEventSource(
        new SqsEventSource(queue, {
          batchSize: 1,
          reportBatchItemFailures: true,
          maxConcurrency: props.maxConcurrency,
        }),
      );
      // The notifier queues the plan's jobs on its own queues; the tick only ever reads their URLs.
      queue.grantSendMessages(this.notifier);
    }

    for (const fn of [this.notifier, this.tick]) {
      grantTableAccess(props.table, fn, ...TABLE_ACTIONS);
      props.tokenSigningKey.grantRead(fn);
      props.xCredentials.grantRead(fn);
      props.socialCredentials?.mastodon?.grantRead(fn);
      props.socialCredentials?.bluesky?.grantRead(fn);
    }
    // Both send: the notifier to subscribers, the tick its reminders to on-call.
    for (const fn of [this.notifier, this.tick]) {
      props.email.grantSend(fn);
      // SES's own rate, read at run time so that the workers never plan beyond it.
      grantSmsOnly(
        fn,
        ['ses:GetAccount'],
        'ses:GetAccount (the account\'s sending quota), sns:Publish to a phone number and sns:CheckIfPhoneNumberIsOptedOut have no resource ARN; IAM only accepts "*" for them, and a Deny on every topic ARN keeps publishing to phone numbers.',
      );
    }
    group.grantWriteSchedules(this.notifier);
    group.grantDeleteSchedules(this.notifier);
    group.grantDeleteSchedules(this.tick);
    this.notifier.addToRolePolicy(
      new PolicyStatement({ actions: ['iam:PassRole'], resources: [schedulerRole.roleArn] }),
    );
    const schedules = wildcardArnFinding(this, 'scheduler', `schedule/${group.scheduleGroupName}/*`);
    for (const fn of [this.notifier, this.tick]) {
      Validations.of(fn.role!).acknowledge({
        id: schedules,
        reason:
          "One schedule per open incident, named after it: the functions manage schedules of Lifeboat's own group only.",
      });
    }
  }
}

const capitalise = (text: string) => text[0]!.toUpperCase() + text.slice(1);
