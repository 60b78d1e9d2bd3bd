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
import { deadLetterQueue } from './dead-letter-queue';
import { wildcardArnFinding } from './nag';
import type { LifeboatEmail } from './lifeboat-email';
import { LifeboatFunction } from './lifeboat-function';
import { type TableAction, grantTableAccess } from './table-access';

export interface NotificationsProps {
  /** Workers sending at once: the notifier's maximum concurrency (2 to 1000). */
  maxConcurrency: number;
  table: ITableV2;
  eventBus: IEventBus;
  email: LifeboatEmail;
  tokenSigningKey: ISecret;
  xCredentials: ISecret;
  publicApiUrl: string;
}

/** A job is one page to plan or one batch to send: seconds, with every retry waited out well under a minute. */
const NOTIFIER_TIMEOUT = Duration.minutes(1);
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
  readonly queue: Queue;
  readonly deadLetterQueues: Queue[];

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    const failedEvents = deadLetterQueue(this, 'DeadLetters', 'incident events whose notifications kept failing');
    const undelivered = deadLetterQueue(this, 'UndeliveredEvents', 'incident events EventBridge could not queue');
    const failedTicks = deadLetterQueue(this, 'FailedTicks', 'scheduled X posts EventBridge Scheduler could not deliver');
    this.deadLetterQueues = [failedEvents, undelivered, failedTicks];

    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times the function timeout, as Lambda advises for SQS sources: a failed job returns then.
      visibilityTimeout: Duration.minutes(NOTIFIER_TIMEOUT.toMinutes() * 6),
      deadLetterQueue: { queue: failedEvents, maxReceiveCount: 5 },
    });
    new Rule(this, 'OnIncidentEvent', {
      eventBus: props.eventBus,
      description: 'Declares, updates and resolves run the response plan',
      eventPattern: { source: [EVENT_SOURCE], detailType: ['incident.declared', 'incident.updated', 'incident.resolved'] },
      targets: [new SqsQueue(this.queue, { deadLetterQueue: undelivered, retryAttempts: 185, maxEventAge: Duration.hours(24) })],
    });

    const group = new ScheduleGroup(this, 'Schedules', {});
    const environment = {
      TABLE_NAME: props.table.tableName,
      TOKEN_KEY_SECRET_ARN: props.tokenSigningKey.secretArn,
      X_CREDENTIALS_SECRET_ARN: props.xCredentials.secretArn,
      PUBLIC_API_URL: props.publicApiUrl,
      SES_CONFIGURATION_SET: props.email.configurationSet.configurationSetName,
      SCHEDULE_GROUP: group.scheduleGroupName,
      JOBS_QUEUE_URL: this.queue.queueUrl,
    };

    this.tick = new LifeboatFunction(this, 'XTick', {
      entry: 'social-tick',
      description: 'Lifeboat: post to X while an incident stays open',
      timeout: Duration.minutes(1),
      environment,
    });
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lifeboat: lets EventBridge Scheduler invoke the X tick',
    });
    schedulerRole.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.tick.functionArn] }));
    failedTicks.grantSendMessages(schedulerRole);

    this.notifier = new LifeboatFunction(this, 'Notifier', {
      entry: 'notifier',
      description: 'Lifeboat: run the response plan (email, SMS, webhooks, X)',
      timeout: NOTIFIER_TIMEOUT,
      memorySize: 1024,
      environment: {
        ...environment,
        SCHEDULE_TARGET_ARN: this.tick.functionArn,
        SCHEDULE_ROLE_ARN: schedulerRole.roleArn,
        SCHEDULE_DEAD_LETTER_ARN: failedTicks.queueArn,
      },
    });
    this.notifier.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: props.maxConcurrency }),
    );
    // The notifier queues the plan's jobs on its own queue; the tick only ever reads its URL.
    this.queue.grantSendMessages(this.notifier);

    for (const fn of [this.notifier, this.tick]) {
      grantTableAccess(props.table, fn, ...TABLE_ACTIONS);
      props.tokenSigningKey.grantRead(fn);
      props.xCredentials.grantRead(fn);
    }
    // Both send: the notifier to subscribers, the tick its reminders to on-call.
    for (const fn of [this.notifier, this.tick]) {
      props.email.grantSend(fn);
      // SES's own rate, read at run time so that the workers never plan beyond it.
      fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:GetAccount', 'sns:Publish', 'sns:CheckIfPhoneNumberIsOptedOut'], resources: ['*'] }));
      Validations.of(fn.role!).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'ses:GetAccount (the account\'s sending quota), sns:Publish to a phone number and sns:CheckIfPhoneNumberIsOptedOut have no resource ARN; IAM only accepts "*" for them.',
      });
    }
    group.grantWriteSchedules(this.notifier);
    group.grantDeleteSchedules(this.notifier);
    group.grantDeleteSchedules(this.tick);
    this.notifier.addToRolePolicy(new PolicyStatement({ actions: ['iam:PassRole'], resources: [schedulerRole.roleArn] }));
    const schedules = wildcardArnFinding(this, 'scheduler', `schedule/${group.scheduleGroupName}/*`);
    for (const fn of [this.notifier, this.tick]) {
      Validations.of(fn.role!).acknowledge({
        id: schedules,
        reason: 'One schedule per open incident, named after it: the functions manage schedules of Lifeboat\'s own group only.',
      });
    }
  }
}
