import { Duration, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { type IGrantable, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';
import { LifeboatFunction } from './lifeboat-function';
import { wildcardArnFinding } from './nag';
import { grantTableAccess } from './table-access';

export interface AlertTimersProps {
  table: ITableV2;
  eventBus: IEventBus;
  /** Announces planned declarations in Slack's announcement channel. */
  slackBotToken: ISecret;
}

/**
 * Durable timers for alerts: a firing alert's hold time and a planned declaration are one-time
 * EventBridge schedules (deleted once run) in their own group, which invoke the timer function.
 * What Scheduler cannot deliver after its retries lands in a dead-letter queue.
 */
export class AlertTimers extends Construct {
  readonly function: LifeboatFunction;
  readonly group: ScheduleGroup;
  readonly schedulerRole: Role;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: AlertTimersProps) {
    super(scope, id);
    this.group = new ScheduleGroup(this, 'Schedules', {});
    this.deadLetters = deadLetterQueue(this, 'FailedTimers', 'alert timers EventBridge Scheduler could not deliver');
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lifeboat: lets EventBridge Scheduler run alert timers',
    });
    this.function = new LifeboatFunction(this, 'Timer', {
      entry: 'alert-timer',
      description: 'Lifeboat: a held alert reaches the page, or a planned incident is declared',
      timeout: Duration.seconds(30),
      // Its own ARN would be a circular reference: the function reads it from its invocation context.
      environment: {
        TABLE_NAME: props.table.tableName,
        EVENT_BUS_NAME: props.eventBus.eventBusName,
        ALERT_SCHEDULE_GROUP: this.group.scheduleGroupName,
        ALERT_SCHEDULER_ROLE_ARN: this.schedulerRole.roleArn,
        ALERT_TIMER_DEAD_LETTER_ARN: this.deadLetters.queueArn,
        SLACK_BOT_TOKEN_SECRET_ARN: props.slackBotToken.secretArn,
      },
    });
    props.slackBotToken.grantRead(this.function);
    // The unqualified function only: grantInvoke would add every version (`:*`), never used here.
    this.schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }),
    );
    this.deadLetters.grantSendMessages(this.schedulerRole);

    // The timer shows alerts (component items and audit), declares incidents, and sets a timer again when early.
    grantTableAccess(
      props.table,
      this.function,
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    );
    props.eventBus.grantPutEventsTo(this.function);
    this.grantSetTimers(this.function);
  }

  /** What a function that sets and cancels alert timers needs in its environment. */
  environment(): Record<string, string> {
    return {
      ALERT_SCHEDULE_GROUP: this.group.scheduleGroupName,
      ALERT_TIMER_FUNCTION_ARN: this.function.functionArn,
      ALERT_SCHEDULER_ROLE_ARN: this.schedulerRole.roleArn,
      ALERT_TIMER_DEAD_LETTER_ARN: this.deadLetters.queueArn,
    };
  }

  /** Lets `grantee` create, move and delete alert timers (schedules of this group only). */
  grantSetTimers(grantee: IGrantable & Construct): void {
    this.group.grantWriteSchedules(grantee);
    this.group.grantDeleteSchedules(grantee);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['iam:PassRole'], resources: [this.schedulerRole.roleArn] }),
    );
    const role = (grantee as { role?: Construct }).role ?? grantee;
    Validations.of(role).acknowledge({
      id: wildcardArnFinding(this, 'scheduler', `schedule/${this.group.scheduleGroupName}/*`),
      reason:
        "One schedule per alert timer, named after the alert: the function manages schedules of the alert timers' own group only.",
    });
  }
}
