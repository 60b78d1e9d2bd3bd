import { Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';
import { LifeboatFunction } from './lifeboat-function';
import { grantTableAccess } from './table-access';

export interface LifeboatEmailProps {
  table: ITableV2;
  /** The domain notification emails are sent from; its DKIM records go in its DNS zone. */
  domain: string;
}

/**
 * Sending email through SES: the domain identity (Easy DKIM), a configuration set with reputation
 * metrics, and the way back for bounces and complaints (SES → SNS → a function that suppresses
 * the address), with a dead-letter queue for feedback that cannot be handled.
 */
export class LifeboatEmail extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly identity: EmailIdentity;
  readonly feedbackFunction: LifeboatFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: LifeboatEmailProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: Identity.domain(props.domain),
      configurationSet: this.configurationSet,
    });

    const feedback = new Topic(this, 'Feedback', {
      displayName: 'Lifeboat: SES bounces and complaints',
      enforceSSL: true,
    });
    Validations.of(feedback).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'SES publishes to it and only Lifeboat subscribes, over TLS; messages are not stored. A customer-managed key (SES cannot use the AWS-managed one) would be a fixed monthly cost.',
    });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(feedback),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    this.deadLetters = deadLetterQueue(this, 'FeedbackDeadLetters', 'bounce and complaint events');
    this.feedbackFunction = new LifeboatFunction(this, 'Suppressor', {
      entry: 'ses-feedback',
      description: 'Lifeboat: suppress addresses that bounced or complained',
      environment: { TABLE_NAME: props.table.tableName },
      onFailure: new SqsDestination(this.deadLetters),
      retryAttempts: 2,
    });
    grantTableAccess(props.table, this.feedbackFunction, 'dynamodb:GetItem', 'dynamodb:PutItem');
    feedback.addSubscription(new LambdaSubscription(this.feedbackFunction, { deadLetterQueue: this.deadLetters }));
  }

  /** Lets a function send email from the identity, through the configuration set, and nothing else. */
  grantSend(grantee: IGrantable): void {
    const configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendBulkEmail'],
        resources: [this.identity.emailIdentityArn, configurationSetArn],
      }),
    );
  }
}
