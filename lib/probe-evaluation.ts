import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventField, type IEventBus, Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';
import { LifeboatFunction } from './lifeboat-function';
import { grantTableAccess } from './table-access';

export interface ProbeEvaluationProps {
  table: ITableV2;
  eventBus: IEventBus;
}

/**
 * The core's side of the probes: every minute, a function reads what each probe region reported
 * and sets component status through the component service (so the change is audited, evented and
 * published like any other). The probe regions themselves are stacks of their own
 * (`LifeboatProbeStack`).
 */
export class ProbeEvaluation extends Construct {
  readonly function: LifeboatFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: ProbeEvaluationProps) {
    super(scope, id);
    this.deadLetters = deadLetterQueue(this, 'FailedEvaluations', 'probe evaluations EventBridge could not deliver');
    this.function = new LifeboatFunction(this, 'Evaluator', {
      entry: 'probe-evaluator',
      description: 'Lifeboat: turn probe results from every region into component status',
      timeout: Duration.seconds(30),
      environment: { TABLE_NAME: props.table.tableName, EVENT_BUS_NAME: props.eventBus.eventBusName },
    });
    new Rule(this, 'EveryMinute', {
      description: 'Lifeboat: evaluate the probes every minute',
      // On the minute, as the probe regions run: the previous minute's run has had a whole minute.
      schedule: Schedule.cron({ minute: '*' }),
      targets: [
        new LambdaFunction(this.function, {
          event: RuleTargetInput.fromObject({ scheduledTime: EventField.time }),
          deadLetterQueue: this.deadLetters,
          // A late evaluation is worthless: the next minute's reads the same results again.
          retryAttempts: 1,
          maxEventAge: Duration.minutes(1),
        }),
      ],
    });
    // Reads results, verdicts and components; writes a verdict, a component and the audit trail.
    grantTableAccess(props.table, this.function, 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem');
    props.eventBus.grantPutEventsTo(this.function);
  }
}
