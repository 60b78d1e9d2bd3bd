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

/** What a kind of timer is: its name in descriptions, its settings' prefix, its function. */
export interface OneShotTimerKind {
  /** `alert` or `maintenance`: in descriptions and findings. */
  name: string;
  /** `ALERT` or `MAINTENANCE`: the prefix of the settings its functions read. */
  environmentPrefix: string;
  /** The function's entry under lambdas/runtime/. */
  entry: string;
  /** What the timer function does, for its description. */
  does: string;
  /** How its schedules are named, the reason the wildcard on its group is acceptable. */
  schedules: string;
}

export interface OneShotTimersProps {
  table: ITableV2;
  eventBus: IEventBus;
}

/**
 * Durable one-shot timers: one-time EventBridge schedules (`at(...)`, deleted once run) in a group
 * of their own, which invoke the kind's timer function. What Scheduler cannot deliver after its
 * retries lands in a dead-letter queue. The timer function reads and writes the table (what it
 * changes, its outbox events, the audit) and may set a timer again when one fired early.
 */
export class OneShotTimers extends Construct {
  readonly function: LifeboatFunction;
  readonly group: ScheduleGroup;
  readonly schedulerRole: Role;
  readonly deadLetters: Queue;

  constructor(
    scope: Construct,
    id: string,
    props: OneShotTimersProps,
    private readonly kind: OneShotTimerKind,
  ) {
    super(scope, id);
    const prefix = kind.environmentPrefix;
    this.group = new ScheduleGroup(this, 'Schedules', {});
    this.deadLetters = deadLetterQueue(
      this,
      'FailedTimers',
      `${kind.name} timers EventBridge Scheduler could not deliver`,
    );
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: `Lifeboat: lets EventBridge Scheduler run ${kind.name} timers`,
    });
    this.function = new LifeboatFunction(this, 'Timer', {
      entry: kind.entry,
      description: `Lifeboat: ${kind.does}`,
      timeout: Duration.seconds(30),
      // Its own ARN would be a circular reference: the function reads it from its invocation context.
      environment: {
        TABLE_NAME: props.table.tableName,
        EVENT_BUS_NAME: props.eventBus.eventBusName,
        [`${prefix}_SCHEDULE_GROUP`]: this.group.scheduleGroupName,
        [`${prefix}_SCHEDULER_ROLE_ARN`]: this.schedulerRole.roleArn,
        [`${prefix}_TIMER_DEAD_LETTER_ARN`]: this.deadLetters.queueArn,
      },
    });
    // The unqualified function only: grantInvoke would add every version (`:*`), never used here.
    this.schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }),
    );
    this.deadLetters.grantSendMessages(this.schedulerRole);
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

  /** What a function that sets and cancels these timers needs in its environment. */
  environment(): Record<string, string> {
    const prefix = this.kind.environmentPrefix;
    return {
      [`${prefix}_SCHEDULE_GROUP`]: this.group.scheduleGroupName,
      [`${prefix}_TIMER_FUNCTION_ARN`]: this.function.functionArn,
      [`${prefix}_SCHEDULER_ROLE_ARN`]: this.schedulerRole.roleArn,
      [`${prefix}_TIMER_DEAD_LETTER_ARN`]: this.deadLetters.queueArn,
    };
  }

  /** Lets `grantee` create, move and delete these timers (schedules of this group only). */
  grantSetTimers(grantee: IGrantable & Construct): void {
    this.group.grantWriteSchedules(grantee);
    this.group.grantDeleteSchedules(grantee);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['iam:PassRole'], resources: [this.schedulerRole.roleArn] }),
    );
    const role = (grantee as { role?: Construct }).role ?? grantee;
    Validations.of(role).acknowledge({
      id: wildcardArnFinding(this, 'scheduler', `schedule/${this.group.scheduleGroupName}/*`),
      reason: `${this.kind.schedules}: the function manages schedules of the ${this.kind.name} timers' own group only.`,
    });
  }
}
