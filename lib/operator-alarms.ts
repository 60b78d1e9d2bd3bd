import { Duration, Validations } from 'aws-cdk-lib';
import { SlackChannelConfiguration } from 'aws-cdk-lib/aws-chatbot';
import { Alarm, ComparisonOperator, type IMetric, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, SmsSubscription, UrlSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface OperatorAlarmsProps {
  /** Operators told by email when something in Lifeboat itself fails. */
  emails?: string[];
  /** Operators told by SMS (E.164). */
  phoneNumbers?: string[];
  /** A Slack channel, through AWS Chatbot (the workspace is authorised once in the Chatbot console). */
  slack?: { workspaceId: string; channelId: string };
  /** HTTPS endpoints that take SNS notifications (PagerDuty, Opsgenie, your own). */
  webhookUrls?: string[];
  /**
   * Deploy with alarms that reach nobody, and why (a test account, say). Without a destination
   * or this, synth fails: an alarm nobody hears is worse than none, it looks like cover.
   */
  noDestinationReason?: string;
}

/** Refuses alarms that reach nobody, saying how to fix it. */
export function checkAlarmDestinations(props: OperatorAlarmsProps = {}): void {
  const destinations =
    (props.emails?.length ?? 0) +
    (props.phoneNumbers?.length ?? 0) +
    (props.webhookUrls?.length ?? 0) +
    (props.slack ? 1 : 0);
  if (destinations > 0 && props.noDestinationReason) {
    throw new Error('Lifeboat alarms: give destinations or noDestinationReason, not both');
  }
  if (destinations === 0 && !props.noDestinationReason?.trim()) {
    throw new Error(
      [
        "Lifeboat's alarms would reach nobody: give them at least one destination.",
        "  In this repository's app: -c lifeboat:alarmEmails=oncall@example.com (or lifeboat:alarmPhoneNumbers,",
        '  lifeboat:alarmSlack=<workspaceId>/<channelId>, lifeboat:alarmWebhooks=https://...).',
        "  In your own app: new Lifeboat(this, 'Lifeboat', { config, alarms: { emails: ['oncall@example.com'] } })",
        '  (or phoneNumbers, slack: { workspaceId, channelId } through AWS Chatbot, webhookUrls).',
        '  To deploy without one on purpose: alarms: { noDestinationReason: "why" } (-c lifeboat:noAlarmDestination="why").',
      ].join('\n'),
    );
  }
}

/** CloudWatch allows at most ten metrics in one alarm's expression. */
const METRICS_PER_ALARM = 10;

/**
 * Alarms on Lifeboat itself, sent to the operators. Metrics are summed across functions (ten to
 * an alarm) so the service stays close to free at idle instead of paying for one alarm per function.
 */
export class OperatorAlarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: OperatorAlarmsProps = {}) {
    super(scope, id);
    checkAlarmDestinations(props);
    this.topic = new Topic(this, 'Topic', { displayName: 'Lifeboat alarms', enforceSSL: true });
    for (const email of props.emails ?? []) this.topic.addSubscription(new EmailSubscription(email));
    for (const phone of props.phoneNumbers ?? []) this.topic.addSubscription(new SmsSubscription(phone));
    for (const url of props.webhookUrls ?? []) this.topic.addSubscription(new UrlSubscription(url));
    if (props.slack) {
      new SlackChannelConfiguration(this, 'Slack', {
        slackChannelConfigurationName: `lifeboat-alarms-${props.slack.channelId}`.slice(0, 128),
        slackWorkspaceId: props.slack.workspaceId,
        slackChannelId: props.slack.channelId,
        notificationTopics: [this.topic],
      });
    }
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry alarm names and states, nothing confidential; CloudWatch cannot publish to a topic under the AWS-managed key, and a customer key would cost a fixed monthly fee.',
    });
  }

  /** Alarms when any of these functions errors or is throttled. */
  watchFunctions(name: string, functions: readonly IFunction[]): void {
    const chunks = Math.ceil(functions.length / METRICS_PER_ALARM);
    for (let c = 0; c < chunks; c++) {
      const chunk = functions.slice(c * METRICS_PER_ALARM, (c + 1) * METRICS_PER_ALARM);
      const [id, label] = chunks > 1 ? [`${c + 1}`, ` (${c + 1} of ${chunks})`] : ['', ''];
      this.alarmOnSum(
        `${name}Errors${id}`,
        `${name}${label}: function errors`,
        chunk.map((f) => f.metricErrors()),
      );
      this.alarmOnSum(
        `${name}Throttles${id}`,
        `${name}${label}: function throttles`,
        chunk.map((f) => f.metricThrottles()),
      );
    }
  }

  /** Alarms when a metric reaches a threshold (default: any occurrence) in five minutes. */
  alarmOn(
    id: string,
    description: string,
    metric: IMetric,
    threshold = 1,
    options: { comparison?: ComparisonOperator; missing?: TreatMissingData; evaluationPeriods?: number } = {},
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      comparisonOperator: options.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: options.missing ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    return alarm;
  }

  private alarmOnSum(id: string, description: string, metrics: IMetric[]): void {
    const usingMetrics = Object.fromEntries(metrics.map((metric, i) => [`m${i}`, metric]));
    const expression = new MathExpression({
      expression: Object.keys(usingMetrics).join(' + '),
      usingMetrics,
      period: Duration.minutes(5),
      label: description,
    });
    this.alarmOn(id, description, expression);
  }
}
