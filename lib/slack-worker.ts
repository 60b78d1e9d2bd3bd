import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AlertTimers } from './alert-timers';
import { deadLetterQueue } from './dead-letter-queue';
import { LifeboatFunction } from './lifeboat-function';
import type { MaintenanceTimers } from './maintenance-timers';
import { grantTableAccess } from './table-access';

export interface SlackWorkerProps {
  table: ITableV2;
  eventBus: IEventBus;
  botToken: ISecret;
  /** `/outage cancel` cancels an alert's planned declaration, and its timer. */
  alertTimers: AlertTimers;
  /** `/outage maintenance` schedules and cancels maintenance windows, and their timers. */
  maintenanceTimers: MaintenanceTimers;
}

/**
 * Does what /outage asked once Slack has its answer: invoked asynchronously, retried twice by
 * Lambda, then dead-lettered.
 */
export class SlackWorker extends Construct {
  readonly function: LifeboatFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: SlackWorkerProps) {
    super(scope, id);
    this.deadLetters = deadLetterQueue(this, 'DeadLetters', '/outage commands');
    this.function = new LifeboatFunction(this, 'Worker', {
      entry: 'slack-worker',
      description: 'Lifeboat: run /outage commands and report back to Slack',
      timeout: Duration.seconds(30),
      environment: {
        TABLE_NAME: props.table.tableName,
        EVENT_BUS_NAME: props.eventBus.eventBusName,
        SLACK_BOT_TOKEN_SECRET_ARN: props.botToken.secretArn,
        ...props.alertTimers.environment(),
        ...props.maintenanceTimers.environment(),
      },
      onFailure: new SqsDestination(this.deadLetters),
      retryAttempts: 2,
    });
    grantTableAccess(
      props.table,
      this.function,
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    );
    props.eventBus.grantPutEventsTo(this.function);
    props.botToken.grantRead(this.function);
    props.alertTimers.grantSetTimers(this.function);
    props.maintenanceTimers.grantSetTimers(this.function);
  }
}
