import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';
import { provideConfig } from './deployed-config';
import type { Lifeboat } from './lifeboat';
import { LifeboatFunction } from './lifeboat-function';
import { OperatorAlarms, type OperatorAlarmsProps } from './operator-alarms';

export interface OutsideProbeProps {
  /** The Lifeboat to watch (in another region: the stacks need `crossRegionReferences`). */
  lifeboat: Lifeboat;
  /** Who hears it: alarms can only notify a topic of their own region, so the probe has its own. */
  alarms: OperatorAlarmsProps;
  /** @default every 5 minutes */
  every?: Duration;
}

/**
 * A synthetic check from outside Lifeboat's region: a small function fetches the status page and
 * /v1/health on a schedule, and alarms fire when either stops answering or the probe stops
 * running. CloudFront's metrics exist only in us-east-1: a probe there also alarms on the page's
 * 5xx rate.
 */
export class OutsideProbe extends Construct {
  readonly function: LifeboatFunction;
  readonly alarms: OperatorAlarms;

  constructor(scope: Construct, id: string, props: OutsideProbeProps) {
    super(scope, id);
    const { lifeboat } = props;
    provideConfig(this, lifeboat.config);
    this.alarms = new OperatorAlarms(this, 'Alarms', props.alarms);
    const failed = deadLetterQueue(this, 'FailedProbes', 'probes that found the page or the API down');
    this.function = new LifeboatFunction(this, 'Probe', {
      entry: 'outside-probe',
      description: 'Lifeboat: check the status page and /v1/health from outside their region',
      timeout: Duration.seconds(30),
      memorySize: 256,
      environment: { PAGE_URL: lifeboat.storage.site.url, HEALTH_URL: `${lifeboat.api.url}/v1/health` },
      onFailure: new SqsDestination(failed),
      retryAttempts: 0,
    });
    const every = props.every ?? Duration.minutes(5);
    new Rule(this, 'Schedule', {
      description: 'Lifeboat: the outside probe',
      schedule: Schedule.rate(every),
      targets: [new LambdaFunction(this.function, { retryAttempts: 0 })],
    });
    this.alarms.alarmOn(
      'NotAnswering',
      'Lifeboat seen from outside: the status page or /v1/health did not answer (twice in a row)',
      this.function.metricErrors({ period: every, statistic: 'Sum' }),
      1,
      { evaluationPeriods: 2 },
    );
    this.alarms.alarmOn(
      'ProbeSilent',
      'Lifeboat seen from outside: the probe itself has not run for 15 minutes',
      this.function.metricInvocations({ period: Duration.minutes(15), statistic: 'Sum' }),
      1,
      { comparison: ComparisonOperator.LESS_THAN_THRESHOLD, missing: TreatMissingData.BREACHING },
    );
    if (Stack.of(this).region === 'us-east-1')
      cloudFrontErrorRateAlarm(this.alarms, lifeboat.storage.site.distribution.distributionId);
  }
}

/** More than 5% of the page's requests answered 5xx for 5 minutes (CloudFront metrics live in us-east-1). */
export function cloudFrontErrorRateAlarm(alarms: OperatorAlarms, distributionId: string): void {
  alarms.alarmOn(
    'PageServerErrorRate',
    'Status page: more than 5% of requests answered 5xx (CloudFront)',
    new Metric({
      namespace: 'AWS/CloudFront',
      metricName: '5xxErrorRate',
      dimensionsMap: { DistributionId: distributionId, Region: 'Global' },
      statistic: 'Average',
      period: Duration.minutes(5),
    }),
    5,
  );
}

/** The probe in a stack of its own, in another region than Lifeboat's. */
export class OutsideProbeStack extends Stack {
  readonly probe: OutsideProbe;

  constructor(scope: Construct, id: string, props: StackProps & Omit<OutsideProbeProps, 'every'>) {
    super(scope, id, { ...props, crossRegionReferences: true });
    if (!this.region || this.region === Stack.of(props.lifeboat).region) {
      throw new Error(
        `${id}: the outside probe must run in another region than Lifeboat (${Stack.of(props.lifeboat).region})`,
      );
    }
    this.probe = new OutsideProbe(this, 'OutsideProbe', { lifeboat: props.lifeboat, alarms: props.alarms });
  }
}
