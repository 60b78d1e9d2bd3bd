import { Duration } from 'aws-cdk-lib';
import type { IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../lambdas/adapters/aws/eventbridge-publisher';
import { SITE_COPY_FAILED } from '../lambdas/publish/site-copies';
import { deadLetterQueue } from './dead-letter-queue';
import { LifeboatFunction } from './lifeboat-function';
import type { StatusSite } from './status-site';
import { grantTableAccess } from './table-access';

export interface SitePublishingProps {
  table: ITableV2;
  eventBus: IEventBus;
  site: StatusSite;
  /** Where the page's subscribe form posts. */
  publicApiUrl: string;
}

/**
 * Rebuilds the status site on every domain event: bus → FIFO queue (one message group, so
 * publishes are strictly one at a time) → publisher function, with dead-letter queues for the
 * queue and for the rule's delivery.
 */
export class SitePublishing extends Construct {
  readonly function: LifeboatFunction;
  readonly queue: Queue;
  readonly deadLetterQueues: Queue[];
  /** With a replica: publishes in which one copy (primary or replica) could not be written. */
  readonly copyFailures: IMetric | undefined;

  constructor(scope: Construct, id: string, props: SitePublishingProps) {
    super(scope, id);
    const deadLetters = deadLetterQueue(this, 'DeadLetters', 'publish requests', { fifo: true });
    this.function = new LifeboatFunction(this, 'Publisher', {
      entry: 'publish-site',
      description: 'Lifeboat: rebuild and publish the status site',
      timeout: Duration.minutes(2),
      memorySize: 1024,
      environment: {
        TABLE_NAME: props.table.tableName,
        SITE_BUCKET_NAME: props.site.bucket.bucketName,
        DISTRIBUTION_ID: props.site.distribution.distributionId,
        PUBLIC_API_URL: props.publicApiUrl,
        ...(props.site.replica
          ? {
              REPLICA_SITE_BUCKET_NAME: props.site.replica.bucketName,
              REPLICA_SITE_BUCKET_REGION: props.site.replica.region,
            }
          : {}),
      },
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      fifo: true,
      contentBasedDeduplication: true,
      // Six times the function timeout, as Lambda advises for SQS sources.
      visibilityTimeout: Duration.minutes(12),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
    });
    const undeliverable = deadLetterQueue(
      this,
      'UndeliveredEvents',
      'domain events EventBridge could not deliver to the publish queue',
    );
    new Rule(this, 'OnDomainEvent', {
      eventBus: props.eventBus,
      description: 'Every Lifeboat domain event rebuilds the status site',
      eventPattern: { source: [EVENT_SOURCE] },
      targets: [
        new SqsQueue(this.queue, {
          messageGroupId: 'status-site',
          deadLetterQueue: undeliverable,
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
    this.deadLetterQueues = [deadLetters, undeliverable];
    this.function.addEventSource(new SqsEventSource(this.queue, { batchSize: 10, maxConcurrency: 2 }));

    // The only thing it may change is the site (the policy lives beside the bucket); it reads the table.
    this.function.role!.addManagedPolicy(props.site.publisherPolicy);
    grantTableAccess(props.table, this.function, 'dynamodb:GetItem', 'dynamodb:Query');

    // A copy that fails does not fail the publish (the other copy goes on): its log line is counted.
    this.copyFailures = props.site.replica
      ? new MetricFilter(this, 'CopyFailures', {
          logGroup: this.function.logGroup,
          filterPattern: FilterPattern.stringValue('$.message', '=', SITE_COPY_FAILED),
          metricNamespace: 'Lifeboat',
          metricName: 'StatusSiteCopyFailures',
          metricValue: '1',
        }).metric({ statistic: 'Sum', period: Duration.minutes(5) })
      : undefined;
  }
}
