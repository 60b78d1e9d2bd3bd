import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import type { Construct } from 'constructs';
import { PROBE_KEY_PREFIX } from '../lambdas/adapters/aws/dynamodb/probe-result-store';
import type { LifeboatConfig } from '../lambdas/core/config';
import { deadLetterQueue } from './dead-letter-queue';
import { provideConfig } from './deployed-config';
import { LifeboatFunction } from './lifeboat-function';

export interface LifeboatProbeStackProps extends StackProps {
  /** The deployment's config (its checks), written beside the probe function's code. */
  config: LifeboatConfig;
  /** The core's table, in the core's region (a cross-region reference). */
  table: ITableV2;
  /** The core's region. */
  tableRegion: string;
}

/**
 * One probe region: EventBridge Scheduler invokes a function every minute, which runs every
 * configured check from here and writes the results to the core's table. Its role may update
 * items of `PROBE#…` partitions in that one table, and nothing else.
 */
export class LifeboatProbeStack extends Stack {
  readonly function: LifeboatFunction;

  constructor(scope: Construct, id: string, props: LifeboatProbeStackProps) {
    super(scope, id, props);
    provideConfig(this, props.config);
    const failedRuns = deadLetterQueue(
      this,
      'FailedRuns',
      'probe runs EventBridge Scheduler could not deliver, or that failed in the function',
    );
    this.function = new LifeboatFunction(this, 'Probe', {
      entry: 'probe-region',
      description: 'Lifeboat: run the configured checks from this region',
      // The longest check timeout is 30 s; checks run side by side.
      timeout: Duration.seconds(45),
      memorySize: 256,
      environment: { TABLE_NAME: props.table.tableName, TABLE_REGION: props.tableRegion },
      // Invoked asynchronously: a run that fails in the function lands beside the undelivered ones.
      onFailure: new SqsDestination(failedRuns),
      retryAttempts: 0,
    });
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${PROBE_KEY_PREFIX}*`] } },
      }),
    );

    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lifeboat: lets EventBridge Scheduler invoke the probe function',
    });
    schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }),
    );
    failedRuns.grantSendMessages(schedulerRole);
    new CfnSchedule(this, 'EveryMinute', {
      description: 'Lifeboat: run the probes every minute',
      // On the minute, every minute (a rate would start at whatever second it was created), so
      // the core's evaluator, also on the minute, finds the previous minute's run complete.
      scheduleExpression: 'cron(* * * * ? *)',
      // Fixed runs: a flexible window would bunch or skip them.
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.function.functionArn,
        roleArn: schedulerRole.roleArn,
        input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        // A run delivered late is stale; the next one comes within the minute.
        retryPolicy: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 60 },
        deadLetterConfig: { arn: failedRuns.queueArn },
      },
    });
  }
}
