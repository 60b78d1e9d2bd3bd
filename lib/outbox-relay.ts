import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type IEventBus, Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TABLE_DESIGN } from '../lambdas/adapters/aws/dynamodb/table-design';
import { deadLetterQueue } from './dead-letter-queue';
import { LifeboatFunction } from './lifeboat-function';
import { grantTableAccess } from './table-access';

export interface OutboxRelayProps {
  table: ITableV2;
  eventBus: IEventBus;
}

/**
 * The transactional outbox's relay: the table's stream → a function that puts each change's new
 * events on the bus and then takes them out of the item's outbox. Stream batches that keep failing
 * are bisected, then recorded in a dead-letter queue; their events stay in the outbox, where a
 * sweep every minute finds and relays them. Nothing committed is lost, whatever fails.
 */
export class OutboxRelay extends Construct {
  readonly function: LifeboatFunction;
  readonly deadLetterQueues: Queue[];

  constructor(scope: Construct, id: string, props: OutboxRelayProps) {
    super(scope, id);
    const failedBatches = deadLetterQueue(
      this,
      'FailedStreamBatches',
      'stream batches the relay could not pass on (their events are swept up later)',
    );
    const failedSweeps = deadLetterQueue(this, 'FailedSweeps', 'sweep invocations EventBridge could not deliver');
    this.deadLetterQueues = [failedBatches, failedSweeps];

    this.function = new LifeboatFunction(this, 'Relay', {
      entry: 'outbox-relay',
      description: 'Lifeboat: pass committed events from the table outbox to the event bus',
      timeout: Duration.seconds(30),
      environment: { TABLE_NAME: props.table.tableName, EVENT_BUS_NAME: props.eventBus.eventBusName },
    });
    const { outbox } = TABLE_DESIGN.indexes;
    this.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.millis(0),
        bisectBatchOnError: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(6),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(failedBatches),
        // Only changes that leave events waiting: the plan's own bookkeeping never wakes the relay.
        filters: [
          FilterCriteria.filter({
            dynamodb: { NewImage: { [outbox.partitionKey]: { S: FilterRule.isEqual('PENDING') } } },
          }),
        ],
      }),
    );
    new Rule(this, 'Sweep', {
      description: 'Lifeboat: relay outbox events the stream has not passed on within a minute',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [
        new LambdaFunction(this.function, {
          event: RuleTargetInput.fromObject({ sweep: true }),
          deadLetterQueue: failedSweeps,
          retryAttempts: 2,
          maxEventAge: Duration.minutes(5),
        }),
      ],
    });
    // Reads the outbox (and, from update items, the texts it keeps apart), then acknowledges it.
    grantTableAccess(props.table, this.function, 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem');
    props.eventBus.grantPutEventsTo(this.function);
  }
}
