import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Where the page's copy lives: what the distribution and the publisher in the primary region need. */
export interface PageReplicaLocation {
  bucketName: string;
  region: string;
  /** The name as cdk-nag shows it in findings, the account written <AWS::AccountId>. */
  bucketNameInFindings: string;
}

const replicaBucketName = (stack: Stack, account: string) =>
  `${stack.stackName.toLowerCase()}-page-${account}-${stack.region}`;

/**
 * The status page's second copy, in another region than the primary bucket: the fallback origin of
 * the distribution's origin group, written by the publisher on every change. Private, versioned,
 * encrypted and logged like the primary.
 *
 * Only CloudFront reads it, through origin access control. The grant names the account's
 * distributions rather than the one distribution: that distribution lives in the primary region's
 * stack, deployed after this one, and the objects are the public status page anyway.
 */
export class PageReplica extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly location: PageReplicaLocation;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.logBucket = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging it into itself would loop.',
    });
    this.bucket = new Bucket(this, 'Bucket', {
      // A name made of what both regions' stacks know (stack name, account, region): the distribution
      // and the publisher in the primary region name it without a cross-region reference.
      bucketName: replicaBucketName(stack, Aws.ACCOUNT_ID),
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'site-replica/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudFrontReadsThePage',
        principals: [new ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: {
          StringEquals: { 'AWS:SourceAccount': stack.account },
          ArnLike: {
            'AWS:SourceArn': stack.formatArn({
              service: 'cloudfront',
              region: '',
              resource: 'distribution',
              resourceName: '*',
            }),
          },
        },
      }),
    );
    // The name as written above, not the bucket's Ref: the primary region's stack cannot refer to that.
    this.location = {
      bucketName: replicaBucketName(stack, Aws.ACCOUNT_ID),
      region: stack.region,
      bucketNameInFindings: replicaBucketName(stack, '<AWS::AccountId>'),
    };
  }
}
