import { Duration, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { type IGrantable, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';
import { LifeboatFunction } from './lifeboat-function';
import { wildcardArnFinding } from './nag';
import { grantTableAccess } from './table-access';

export interface MaintenanceTimersProps {
  table: ITableV2;
  eventBus: IEventBus;
}

/**
 * Durable timers for scheduled maintenance: a window's start and end and each reminder before it
 * are one-time EventBridge schedules (`at(...)`, deleted once run) in their own group, which invoke
 * the maintenance timer function. What Scheduler cannot deliver after its retries lands in a
 * dead-letter queue.
 */
export class MaintenanceTimers extends Construct {
  readonly function: LifeboatFunction;
  readonly group: ScheduleGroup;
  readonly schedulerRole: Role;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: MaintenanceTimersProps) {
    super(scope, id);
    this.group = new ScheduleGroup(this, 'Schedules', {});
    this.deadLetters = deadLetterQueue(
      this,
      'FailedTimers',
      'maintenance timers EventBridge Scheduler could not deliver',
    );
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lifeboat: lets EventBridge Scheduler run maintenance timers',
    });
    this.function = new LifeboatFunction(this, 'Timer', {
      entry: 'maintenance-timer',
      description: 'Lifeboat: a maintenance window starts or ends, or its reminder is due',
      timeout: Duration.seconds(30),
      // Its own ARN would be a circular reference: the function reads it from its invocation context.
      environment: {
        TABLE_NAME: props.table.tableName,
        EVENT_BUS_NAME: props.eventBus.eventBusName,
        MAINTENANCE_SCHEDULE_GROUP: this.group.scheduleGroupName,
        MAINTENANCE_SCHEDULER_ROLE_ARN: this.schedulerRole.roleArn,
        MAINTENANCE_TIMER_DEAD_LETTER_ARN: this.deadLetters.queueArn,
      },
    });
    // The unqualified function only: grantInvoke would add every version (`:*`), never used here.
    this.schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }),
    );
    this.deadLetters.grantSendMessages(this.schedulerRole);

    // The timer writes the maintenance and its outbox events, puts its components under
    // maintenance (component items, audit), and sets a timer again when it fired early.
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

  /** What a function that sets and cancels maintenance timers needs in its environment. */
  environment(): Record<string, string> {
    return {
      MAINTENANCE_SCHEDULE_GROUP: this.group.scheduleGroupName,
      MAINTENANCE_TIMER_FUNCTION_ARN: this.function.functionArn,
      MAINTENANCE_SCHEDULER_ROLE_ARN: this.schedulerRole.roleArn,
      MAINTENANCE_TIMER_DEAD_LETTER_ARN: this.deadLetters.queueArn,
    };
  }

  /** Lets `grantee` create, move and delete maintenance timers (schedules of this group only). */
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
        "A few schedules per maintenance (start, end, reminders), named after it: the function manages schedules of the maintenance timers' own group only.",
    });
  }
}
