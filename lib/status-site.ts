import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  type ResponseSecurityHeadersBehavior,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { OriginGroup, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  CONTENT_SECURITY_POLICY,
  CORS_ALLOWED_METHODS,
  CORS_MAX_AGE_SECONDS,
  CORS_PREFLIGHT_CLOUDFRONT_FUNCTION,
  CROSS_ORIGIN_PATHS,
  DIRECTORY_INDEX_CLOUDFRONT_FUNCTION,
  ORIGIN_ERROR_PAGE,
  ORIGIN_FAILOVER_STATUS_CODES,
} from '../lambdas/render/site-hosting';
import type { PageReplicaLocation } from './page-replica';

/** The publisher writes the replica as it writes the primary: list it, put its objects. */
function replicaWrites(replica: PageReplicaLocation): PolicyStatement[] {
  const bucketArn = `arn:${Aws.PARTITION}:s3:::${replica.bucketName}`;
  return [
    new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucketArn] }),
    new PolicyStatement({ actions: ['s3:PutObject'], resources: [`${bucketArn}/*`] }),
  ];
}

export interface StatusSiteProps {
  /** A domain for the page, e.g. status.example.com, in a DNS zone apart from the core domain. */
  domainName?: string;
  /** An ACM certificate for `domainName`, in us-east-1 (CloudFront's region). */
  certificateArn?: string;
  /** The page's copy in a second region: the origin group's fallback when the primary bucket fails. */
  replica?: PageReplicaLocation;
}

/**
 * The status page's hosting: a private, versioned, encrypted bucket that only CloudFront can read
 * (origin access control), served over HTTP/2 and HTTP/3 with security headers. Nothing about
 * reading the page depends on Lambda or DynamoDB.
 */
export class StatusSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly logBucket: Bucket;
  /** The page's public address. */
  readonly url: string;
  /** What publishing the site takes, and no more: list and write its objects, invalidate its CDN. */
  readonly publisherPolicy: ManagedPolicy;
  /** The page's copy in a second region, when it has one. */
  readonly replica: PageReplicaLocation | undefined;

  constructor(scope: Construct, id: string, props: StatusSiteProps = {}) {
    super(scope, id);
    // The behaviours this construct relies on, set here so that an app embedding Lifeboat needs
    // none of this repository's cdk.json: access logs delivered under a bucket policy (the log
    // bucket has ACLs disabled) and a default logging policy.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    this.node.setContext('@aws-cdk/aws-s3:createDefaultLoggingPolicy', true);
    this.replica = props.replica;
    if (Boolean(props.domainName) !== Boolean(props.certificateArn)) {
      throw new Error('StatusSite: domainName and certificateArn go together (the certificate in us-east-1)');
    }

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
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const securityHeadersBehavior: ResponseSecurityHeadersBehavior = {
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      contentSecurityPolicy: {
        // The page loads nothing from third parties; inline CSS only, script only from itself.
        contentSecurityPolicy: CONTENT_SECURITY_POLICY,
        override: true,
      },
    };
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Lifeboat status page: security headers',
      securityHeadersBehavior,
    });
    // The read-only public surface (Statuspage JSON, feeds, badge, banner script): the same security
    // headers, and readable from any origin. Only the behaviors for those paths use it; pages and
    // everything else keep the policy above, with no CORS.
    const crossOriginHeaders = new ResponseHeadersPolicy(this, 'PublicReadHeaders', {
      comment: 'Lifeboat status page: security headers, and CORS for the public JSON, feeds and badge',
      securityHeadersBehavior,
      corsBehavior: {
        accessControlAllowOrigins: ['*'],
        accessControlAllowMethods: [...CORS_ALLOWED_METHODS],
        accessControlAllowHeaders: ['*'],
        accessControlAllowCredentials: false,
        accessControlMaxAge: Duration.seconds(CORS_MAX_AGE_SECONDS),
        originOverride: true,
      },
    });

    const primaryOrigin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    // With a replica, every behavior reads through an origin group: the replica answers whenever
    // the primary bucket fails or misses, and the edge's own stale copies come after both.
    const origin = props.replica
      ? new OriginGroup({
          primaryOrigin,
          fallbackOrigin: S3BucketOrigin.withOriginAccessControl(
            Bucket.fromBucketAttributes(this, 'Replica', {
              bucketName: props.replica.bucketName,
              region: props.replica.region,
            }),
          ),
          fallbackStatusCodes: [...ORIGIN_FAILOVER_STATUS_CODES],
        })
      : primaryOrigin;
    // The bucket has no CORS rules (it would answer a preflight with 403): the edge answers them.
    const preflight = new CloudFrontFunction(this, 'CorsPreflight', {
      code: FunctionCode.fromInline(CORS_PREFLIGHT_CLOUDFRONT_FUNCTION),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Answer CORS preflights on the public JSON, feeds and badge',
    });
    const crossOriginBehavior: BehaviorOptions = {
      origin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      // The same cache as the pages: the objects' own Cache-Control decides.
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: crossOriginHeaders,
      compress: true,
      functionAssociations: [{ eventType: FunctionEventType.VIEWER_REQUEST, function: preflight }],
    };

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Lifeboat status page',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      ...(props.domainName && props.certificateArn
        ? {
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
            domainNames: [props.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
          }
        : {}),
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        // Honours the objects' own Cache-Control (short max-age, stale-while-revalidate, stale-if-error).
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new CloudFrontFunction(this, 'DirectoryIndex', {
              code: FunctionCode.fromInline(DIRECTORY_INDEX_CLOUDFRONT_FUNCTION),
              runtime: FunctionRuntime.JS_2_0,
              comment: 'Serve index.html for directory paths',
            }),
          },
        ],
      },
      additionalBehaviors: Object.fromEntries(CROSS_ORIGIN_PATHS.map((path) => [path, crossOriginBehavior])),
      // Without s3:ListBucket a missing object is a 403; show the page's own 404 for both.
      errorResponses: ORIGIN_ERROR_PAGE.statuses.map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: ORIGIN_ERROR_PAGE.status,
        responsePagePath: ORIGIN_ERROR_PAGE.path,
        ttl: Duration.minutes(1),
      })),
    });
    this.url = props.domainName ? `https://${props.domainName}` : `https://${this.distribution.distributionDomainName}`;

    this.publisherPolicy = new ManagedPolicy(this, 'PublisherPolicy', {
      description: 'Lifeboat: publish the status site (write its bucket, invalidate its distribution)',
      statements: [
        new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
        new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects('*')] }),
        ...(props.replica ? replicaWrites(props.replica) : []),
        new PolicyStatement({
          actions: ['cloudfront:CreateInvalidation'],
          resources: [
            Stack.of(this).formatArn({
              service: 'cloudfront',
              region: '',
              resource: 'distribution',
              resourceName: this.distribution.distributionId,
            }),
          ],
        }),
      ],
    });

    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'A status page must be readable from everywhere, above all during an outage.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'The page is static files behind CloudFront caching, with nothing to exploit; WAF would add a fixed monthly cost to a service meant to cost nothing at idle. Add a web ACL for a DDoS-sensitive deployment.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason:
        'Viewer logs of a public static page add cost and no security value; the origin bucket keeps S3 access logs and CloudFront metrics show traffic.',
    });
    Validations.of(this.publisherPolicy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::<LifeboatSiteBucket.Arn>/*]',
      reason: 'The publisher writes any page of the site: every object of this one bucket, and nothing else.',
    });
    if (props.replica) {
      Validations.of(this.distribution).acknowledge({
        id: '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
        reason:
          "The replica bucket's policy is written in its own region's stack (lib/page-replica.ts): it lets the account's distributions read it.",
      });
      Validations.of(this.publisherPolicy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${props.replica.bucketNameInFindings}/*]`,
        reason:
          "The publisher writes any page of the site's replica: every object of that one bucket, and nothing else.",
      });
    }
    if (!props.domainName) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain CloudFront serves its default certificate, whose TLS policy cannot be set; with one, TLS 1.2 (2021) is the minimum.',
      });
    }
  }
}
