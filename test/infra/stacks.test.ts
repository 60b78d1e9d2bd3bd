import { runInNewContext } from 'node:vm';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CROSS_ORIGIN_PATHS } from '../../lambdas/render/site-hosting';
import { ROUTE_IDS, ROUTES } from '../../lambdas/routes';
import { buildTestApp } from '../support/cdk';

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>;

let data: Template;
let service: Template;
let probe: Template;
beforeAll(() => {
  const built = buildTestApp({
    'lifeboat:alarmEmails': 'oncall@example.com, sre@example.com',
    'lifeboat:region': 'eu-west-3',
  });
  data = Template.fromStack(built.data);
  service = Template.fromStack(built.service);
  probe = Template.fromStack(built.outsideProbe!);
});

const resourcesOf = (template: Template, type: string): Resources => template.findResources(type) as Resources;

/** The statements of the policies attached to the role of the function serving a route. */
function statementsOf(description: string): { Action: string | string[]; Resource: unknown }[] {
  const functions = resourcesOf(service, 'AWS::Lambda::Function');
  const [, fn] = Object.entries(functions).find(([, f]) => f.Properties.Description === description) ?? [];
  expect(fn, `a function described "${description}"`).toBeDefined();
  const roleId = fn!.Properties.Role['Fn::GetAtt'][0];
  return Object.values(resourcesOf(service, 'AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}
const actionsOf = (description: string) => statementsOf(description).flatMap((s) => [s.Action].flat());
const routeDescription = (id: keyof typeof ROUTES) => `Lifeboat API: ${ROUTES[id].method} ${ROUTES[id].path}`;

describe('the data stack', () => {
  it('keeps the table safe: on demand, point-in-time recovery, deletion protection, TTL, retained', () => {
    data.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('pins the logical ids of the table and the site bucket, so a refactor cannot replace them', () => {
    expect(data.toJSON().Resources.LifeboatTable.Type).toBe('AWS::DynamoDB::GlobalTable');
    expect(data.toJSON().Resources.LifeboatSiteBucket.Type).toBe('AWS::S3::Bucket');
  });

  it('makes the site bucket private, versioned, encrypted and retained', () => {
    data.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'site-bucket/' }),
      }),
    });
  });

  it('lets only CloudFront read the bucket, through origin access control, and only over TLS', () => {
    data.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
    data.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: 'LifeboatSiteBucket' },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('serves the page over HTTPS, HTTP/2 and HTTP/3, with security headers', () => {
    data.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        HttpVersion: 'http2and3',
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          ResponseHeadersPolicyId: Match.anyValue(),
          FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
        }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
      }),
    });
    data.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31536000 }),
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentSecurityPolicy: Match.objectLike({
            ContentSecurityPolicy: Match.stringLikeRegexp("default-src 'self'"),
          }),
        }),
      }),
    });
  });

  it('lets other origins read the public JSON, feeds, badge and banner script, and nothing else', () => {
    const policies = Object.entries(resourcesOf(data, 'AWS::CloudFront::ResponseHeadersPolicy'));
    const withCors = policies.filter(([, p]) => p.Properties.ResponseHeadersPolicyConfig.CorsConfig);
    expect(withCors).toHaveLength(1);
    const [corsPolicyId, corsPolicy] = withCors[0]!;
    expect(corsPolicy.Properties.ResponseHeadersPolicyConfig).toMatchObject({
      CorsConfig: {
        AccessControlAllowOrigins: { Items: ['*'] },
        AccessControlAllowMethods: { Items: ['GET', 'HEAD', 'OPTIONS'] },
        AccessControlAllowHeaders: { Items: ['*'] },
        AccessControlAllowCredentials: false,
        OriginOverride: true,
      },
      // The same security headers as every page.
      SecurityHeadersConfig: { FrameOptions: { FrameOption: 'DENY', Override: true } },
    });

    const [distribution] = Object.values(resourcesOf(data, 'AWS::CloudFront::Distribution'));
    const config = distribution!.Properties.DistributionConfig;
    // The default behavior (every page, and anything not listed) answers with no CORS at all.
    const defaultPolicyId = config.DefaultCacheBehavior.ResponseHeadersPolicyId.Ref;
    expect(defaultPolicyId).not.toBe(corsPolicyId);
    expect(
      policies.find(([id]) => id === defaultPolicyId)![1].Properties.ResponseHeadersPolicyConfig.CorsConfig,
    ).toBeUndefined();

    // The CORS policy is applied through one behavior per public path, and to those paths only.
    const behaviors: Record<string, any>[] = config.CacheBehaviors;
    expect(behaviors.map((b) => b.PathPattern).sort()).toEqual([...CROSS_ORIGIN_PATHS].sort());
    expect(CROSS_ORIGIN_PATHS).toEqual(
      expect.arrayContaining(['/api/v2/*', '/history.rss', '/history.atom', '/badge.svg', '/maintenances.ics']),
    );
    for (const behavior of behaviors) {
      expect(behavior.PathPattern).not.toMatch(/^\/v1|\.html$|^\/\*?$/);
      expect(behavior, behavior.PathPattern).toMatchObject({
        ResponseHeadersPolicyId: { Ref: corsPolicyId },
        // Cached exactly as the pages are: the objects' own Cache-Control decides.
        CachePolicyId: config.DefaultCacheBehavior.CachePolicyId,
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        ViewerProtocolPolicy: 'redirect-to-https',
        FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: expect.anything() }],
      });
    }

    // Preflights are answered at the edge (the private bucket would refuse them), with a 204.
    const functionId = behaviors[0]!.FunctionAssociations[0].FunctionARN['Fn::GetAtt'][0];
    const code: string = data.toJSON().Resources[functionId].Properties.FunctionCode;
    const run = (request: object) => {
      const sandbox: { result?: any } = {};
      runInNewContext(`${code}\nresult = handler({ request: ${JSON.stringify(request)} });`, sandbox);
      return sandbox.result;
    };
    expect(
      run({
        method: 'OPTIONS',
        uri: '/api/v2/summary.json',
        headers: { 'access-control-request-headers': { value: 'x-requested-with' } },
      }),
    ).toEqual({
      statusCode: 204,
      statusDescription: 'No Content',
      headers: {
        'access-control-allow-origin': { value: '*' },
        'access-control-allow-methods': { value: 'GET, HEAD, OPTIONS' },
        'access-control-allow-headers': { value: 'x-requested-with' },
        'access-control-max-age': { value: '86400' },
      },
    });
    const get = { method: 'GET', uri: '/api/v2/summary.json', headers: {} };
    expect(run(get)).toEqual(get);
  });

  it('keeps the pepper, token key, Slack and X secrets in Secrets Manager, retained', () => {
    const secrets = Object.values(resourcesOf(data, 'AWS::SecretsManager::Secret'));
    expect(secrets.map((s) => s.Properties.Description).sort()).toEqual(
      [
        'Lifeboat: X API credentials. Set by the operator (see README).',
        'Lifeboat: Slack app signing secret. Set by the operator (see README).',
        'Lifeboat: Slack app bot token. Set by the operator (see README).',
        'Lifeboat: pepper for API-key hashes.',
        'Lifeboat: signs subscriber links.',
      ].sort(),
    );
    for (const secret of secrets) expect(secret.DeletionPolicy).toBe('Retain');
  });

  it('uses a custom domain and a TLS 1.2 minimum when one is given', () => {
    const built = buildTestApp({
      'lifeboat:domainName': 'status.acme-status.example',
      'lifeboat:certificateArn': 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
    });
    Template.fromStack(built.data).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['status.acme-status.example'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }),
      }),
    });
  });
});

describe('the service stack', () => {
  it('keeps the management API same-origin: no CORS on the HTTP API', () => {
    for (const api of Object.values(resourcesOf(service, 'AWS::ApiGatewayV2::Api'))) {
      expect(api.Properties.CorsConfiguration).toBeUndefined();
    }
  });

  it('runs every function on ARM64 and Node 22, with its own log group and no VPC', () => {
    const functions = Object.values(resourcesOf(service, 'AWS::Lambda::Function'));
    // One per route, and: component sync, site publisher, bounce suppressor, Slack worker, notifier, X tick, outbox relay, alert timer, maintenance timer.
    expect(functions.length).toBe(ROUTE_IDS.length + 9);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } });
      expect(fn.Properties.VpcConfig).toBeUndefined();
    }
    for (const group of Object.values(resourcesOf(service, 'AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it('creates exactly the routes of the shared route table', () => {
    const routeKeys = Object.values(resourcesOf(service, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
    expect(routeKeys.sort()).toEqual(ROUTE_IDS.map((id) => `${ROUTES[id].method} ${ROUTES[id].path}`).sort());
  });

  it('throttles the API and logs its access', () => {
    service.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }),
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('gives the health check nothing but its own logs', () => {
    expect(actionsOf(routeDescription('health')).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  it('lets read routes read the table and the pepper, and nothing more', () => {
    for (const id of ROUTE_IDS.filter((r) => ROUTES[r].access === 'read' && !('uses' in ROUTES[r]))) {
      expect(actionsOf(routeDescription(id)).sort(), id).toEqual([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
      ]);
    }
  });

  it('lets write routes also put and update items and publish events to the Lifeboat bus only', () => {
    for (const id of ROUTE_IDS.filter((r) => ROUTES[r].access === 'write' && !('uses' in ROUTES[r]))) {
      const statements = statementsOf(routeDescription(id));
      expect(statements.flatMap((s) => [s.Action].flat()).sort(), id).toEqual([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'events:PutEvents',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
      ]);
      const publish = statements.find((s) => s.Action === 'events:PutEvents')!;
      expect(publish.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^LifeboatEvents/), 'Arn'] });
    }
  });

  it('lets public subscription routes touch subscribers and sign links, never publish events; their GET pages only read', () => {
    const usesSubscribers = (r: (typeof ROUTE_IDS)[number]) =>
      ((ROUTES[r] as { uses?: readonly string[] }).uses ?? []).includes('subscribers');
    for (const id of ROUTE_IDS.filter((r) => ROUTES[r].access === 'public' && usesSubscribers(r))) {
      const actions = new Set(actionsOf(routeDescription(id)));
      expect(actions.has('dynamodb:UpdateItem'), id).toBe(ROUTES[id].method !== 'GET');
      expect(actions.has('dynamodb:PutItem'), id).toBe(ROUTES[id].method !== 'GET');
      expect(actions.has('events:PutEvents'), id).toBe(false);
      const sends = (ROUTES[id] as { uses: readonly string[] }).uses.includes('messaging');
      expect(actions.has('ses:SendEmail'), id).toBe(sends);
      expect(actions.has('sns:Publish'), id).toBe(sends);
    }
    const send = statementsOf(routeDescription('subscribe')).find((s) => [s.Action].flat().includes('ses:SendEmail'))!;
    expect(JSON.stringify(send.Resource)).toContain('configuration-set');
  });

  it('lets the Slack routes read their secrets and invoke the worker, and nothing that changes incidents', () => {
    for (const id of ['slackCommand', 'slackInteraction'] as const) {
      const statements = statementsOf(routeDescription(id));
      const actions = statements.flatMap((s) => [s.Action].flat());
      expect(actions).toContain('lambda:InvokeFunction');
      expect(actions).not.toContain('events:PutEvents');
      const invoke = statements.find((s) => s.Action === 'lambda:InvokeFunction')!;
      expect(invoke.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^LifeboatSlackWorker/), 'Arn'] });
    }
    service.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it("lets alert routes keep alerts, publish and set alert timers, and the integrations' routes read the pepper", () => {
    const alertRoutes = ROUTE_IDS.filter((r) =>
      ((ROUTES[r] as { uses?: readonly string[] }).uses ?? []).includes('alerts'),
    );
    expect(alertRoutes.sort()).toEqual([
      'alertmanagerAlerts',
      'cancelAlertDeclaration',
      'cloudwatchAlerts',
      'genericAlerts',
      'grafanaAlerts',
    ]);
    for (const id of alertRoutes) {
      const statements = statementsOf(routeDescription(id));
      const actions = statements.flatMap((s) => [s.Action].flat());
      expect(actions, id).toEqual(
        expect.arrayContaining([
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'events:PutEvents',
          'scheduler:CreateSchedule',
          'scheduler:DeleteSchedule',
          'iam:PassRole',
          'secretsmanager:GetSecretValue',
        ]),
      );
      expect(
        actions.some((a) => a.startsWith('ses:') || a.startsWith('sns:') || a.startsWith('lambda:')),
        id,
      ).toBe(false);
      const passRole = statements.find((s) => s.Action === 'iam:PassRole')!;
      expect(JSON.stringify(passRole.Resource)).toMatch(/AlertsSchedulerRole/);
    }
    const timer = statementsOf('Lifeboat: a held alert reaches the page, or a planned incident is declared');
    expect(timer.flatMap((s) => [s.Action].flat())).toEqual(
      expect.arrayContaining(['dynamodb:UpdateItem', 'events:PutEvents', 'scheduler:CreateSchedule']),
    );
    // Of the secrets, only Slack's bot token (to announce planned declarations); never the pepper.
    const secrets = timer.filter((s) => [s.Action].flat().some((a) => a.startsWith('secretsmanager:')));
    expect(JSON.stringify(secrets.map((s) => s.Resource))).toMatch(/SlackBotToken/);
    expect(JSON.stringify(secrets.map((s) => s.Resource))).not.toMatch(/Pepper/);
  });

  it('lets maintenance routes set the timers of their windows, which invoke the maintenance timer function only', () => {
    const maintenanceRoutes = ROUTE_IDS.filter((r) =>
      ((ROUTES[r] as { uses?: readonly string[] }).uses ?? []).includes('maintenance'),
    );
    expect(maintenanceRoutes.sort()).toEqual([
      'addMaintenanceUpdate',
      'cancelMaintenance',
      'editMaintenance',
      'scheduleMaintenance',
    ]);
    for (const id of maintenanceRoutes) {
      const statements = statementsOf(routeDescription(id));
      const actions = statements.flatMap((s) => [s.Action].flat());
      expect(actions, id).toEqual(
        expect.arrayContaining([
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'events:PutEvents',
          'scheduler:CreateSchedule',
          'scheduler:DeleteSchedule',
          'iam:PassRole',
        ]),
      );
      const passRole = statements.find((s) => s.Action === 'iam:PassRole')!;
      expect(JSON.stringify(passRole.Resource)).toMatch(/MaintenanceSchedulerRole/);
    }
    const description = 'Lifeboat: a maintenance window starts or ends, or its reminder is due';
    const timer = statementsOf(description);
    expect(timer.flatMap((s) => [s.Action].flat())).toEqual(
      expect.arrayContaining(['dynamodb:UpdateItem', 'events:PutEvents', 'scheduler:CreateSchedule', 'iam:PassRole']),
    );
    expect(timer.some((s) => [s.Action].flat().some((a) => a.startsWith('secretsmanager:')))).toBe(false);
    // The role Scheduler assumes may invoke the maintenance timer function, and nothing else.
    const functions = resourcesOf(service, 'AWS::Lambda::Function');
    const [timerId] = Object.entries(functions).find(([, f]) => f.Properties.Description === description)!;
    const [roleId] = Object.entries(resourcesOf(service, 'AWS::IAM::Role')).find(([id]) =>
      id.startsWith('LifeboatMaintenanceSchedulerRole'),
    )!;
    const invokes = Object.values(resourcesOf(service, 'AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((st: { Action: string }) => st.Action === 'lambda:InvokeFunction');
    expect(invokes.map((st: { Resource: unknown }) => JSON.stringify(st.Resource))).toEqual([
      JSON.stringify({ 'Fn::GetAtt': [timerId, 'Arn'] }),
    ]);
  });

  it('routes SES bounces and complaints to the suppressor, with a dead-letter queue', () => {
    service.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        SnsDestination: Match.anyValue(),
      }),
    });
    service.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', RedrivePolicy: Match.anyValue() });
    service.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'status.acme.example' });
    expect(
      actionsOf('Lifeboat: suppress addresses that bounced or complained')
        .filter((a) => a.startsWith('dynamodb:'))
        .sort(),
    ).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
  });

  it('never grants a wildcard resource (but for SMS and the SES quota, which have no ARN), a delete or a scan', () => {
    const statements = Object.values(resourcesOf(service, 'AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    for (const statement of statements) {
      const actions = [statement.Action].flat();
      if (JSON.stringify(statement.Resource) === '"*"') {
        expect([
          'sns:CheckIfPhoneNumberIsOptedOut,sns:Publish',
          'ses:GetAccount,sns:CheckIfPhoneNumberIsOptedOut,sns:Publish',
        ]).toContain(actions.sort().join());
        continue;
      }
      if (actions.every((a) => a.startsWith('scheduler:'))) {
        // Schedules are named after incidents, alerts and maintenances: the one wildcard is each of Lifeboat's own schedule groups.
        expect(JSON.stringify(statement.Resource)).toMatch(
          /:schedule\/LifeboatService-Lifeboat-(Notifications|Alerts|Maintenance)-Schedules-\w+\/\*"/,
        );
        continue;
      }
      expect(JSON.stringify(statement.Resource)).not.toMatch(/"\*"|\/\*"/);
      for (const action of actions) expect(action).not.toMatch(/dynamodb:(Delete|Scan|Batch)|s3:Delete|\*/);
    }
  });

  it('keeps a month of domain events in an archive for replay', () => {
    service.hasResourceProperties('AWS::Events::Archive', {
      RetentionDays: 30,
      EventPattern: { source: ['lifeboat'] },
    });
  });

  it('alarms the operators on the errors and throttles of every function, API 5xx and dead letters', () => {
    const alarms = Object.values(resourcesOf(service, 'AWS::CloudWatch::Alarm'));
    const watched = (metricName: string) =>
      alarms.flatMap((a) =>
        (a.Properties.Metrics ?? [])
          .filter((m: any) => m.MetricStat?.Metric.MetricName === metricName)
          .map((m: any) => m.MetricStat.Metric.Dimensions[0].Value.Ref),
      );
    const functions = Object.keys(resourcesOf(service, 'AWS::Lambda::Function')).sort();
    expect(watched('Errors').sort()).toEqual(functions);
    expect(watched('Throttles').sort()).toEqual(functions);
    const descriptions = alarms.map((a) => a.Properties.AlarmDescription);
    expect(new Set(descriptions).size).toBe(descriptions.length);
    expect(descriptions).toEqual(
      expect.arrayContaining([
        'Lifeboat API: 5xx answers',
        'Status site: messages in DeadLetters',
        'Status site: messages in UndeliveredEvents',
      ]),
    );
    for (const alarm of alarms)
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/AlarmsTopic/) }]);
    const subscribers = Object.values(resourcesOf(service, 'AWS::SNS::Subscription'))
      .filter((s) => s.Properties.Protocol === 'email')
      .map((s) => s.Properties.Endpoint);
    expect(subscribers.sort()).toEqual(['oncall@example.com', 'sre@example.com']);
  });

  it('lets the site publisher write the site bucket and nothing else', () => {
    const inline = statementsOf('Lifeboat: rebuild and publish the status site');
    const inlineActions = inline.flatMap((s) => [s.Action].flat());
    expect(inlineActions.filter((a) => !a.startsWith('sqs:') && !a.startsWith('logs:')).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:Query',
    ]);
    for (const action of inlineActions.filter((a) => a.startsWith('sqs:'))) {
      expect([
        'sqs:ReceiveMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueUrl',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
      ]).toContain(action);
    }
    // Its only write access is the managed policy kept beside the bucket, in the data stack.
    const managed = Object.values(resourcesOf(data, 'AWS::IAM::ManagedPolicy'));
    expect(managed).toHaveLength(1);
    const statements = managed[0]!.Properties.PolicyDocument.Statement as { Action: string; Resource: unknown }[];
    expect(statements.map((s) => s.Action).sort()).toEqual([
      'cloudfront:CreateInvalidation',
      's3:ListBucket',
      's3:PutObject',
    ]);
    expect(statements.find((s) => s.Action === 's3:PutObject')!.Resource).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': ['LifeboatSiteBucket', 'Arn'] }, '/*']],
    });
    const publisher = Object.values(resourcesOf(service, 'AWS::IAM::Role')).filter((r) =>
      String(r.Properties.Description).includes('rebuild and publish the status site'),
    );
    expect(publisher).toHaveLength(1);
    expect(JSON.stringify(publisher[0]!.Properties.ManagedPolicyArns)).toContain('PublisherPolicy');
  });

  it('feeds the publisher through a FIFO queue with one message group and dead-letter queues', () => {
    service.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      ContentBasedDeduplication: true,
      SqsManagedSseEnabled: true,
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }),
    });
    service.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['lifeboat'] },
      Targets: [
        Match.objectLike({ SqsParameters: { MessageGroupId: 'status-site' }, DeadLetterConfig: Match.anyValue() }),
      ],
    });
    service.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10 });
  });

  it('runs the response plan from a queue with a dead-letter queue and partial batch failures', () => {
    service.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['lifeboat'],
        'detail-type': [
          'incident.declared',
          'incident.updated',
          'incident.resolved',
          'incident.postmortem_published',
          'maintenance.changed',
        ],
      },
      Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue(), RetryPolicy: Match.anyValue() })],
    });
    service.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 720,
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }),
    });
    // The workers: a lane (queue) for planning and one per provider, each its own event source
    // bounded by the configured maximum concurrency, so one provider's rate never holds another.
    // One job per invocation, so a timeout never takes several batches with it.
    const lanes = Object.values(resourcesOf(service, 'AWS::Lambda::EventSourceMapping')).filter(
      (m) =>
        m.Properties.ScalingConfig?.MaximumConcurrency === 10 &&
        m.Properties.BatchSize === 1 &&
        (m.Properties.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures'),
    );
    expect(lanes).toHaveLength(4);
    expect(new Set(lanes.map((m) => JSON.stringify(m.Properties.FunctionName))).size).toBe(1);
    service.resourceCountIs('AWS::Scheduler::ScheduleGroup', 3); // the incidents', the alert and the maintenance timers'
    service.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })],
      }),
    });
    const notifier = actionsOf('Lifeboat: run the response plan (email, SMS, webhooks, X)');
    expect(notifier).toEqual(
      expect.arrayContaining([
        'ses:SendEmail',
        'ses:SendBulkEmail',
        'ses:GetAccount',
        'sns:Publish',
        'sqs:SendMessage',
        'scheduler:CreateSchedule',
        'iam:PassRole',
      ]),
    );
    const tick = actionsOf('Lifeboat: post on the social networks while an incident stays open');
    expect(tick).not.toContain('scheduler:CreateSchedule');
    // Its only queue is where its own failed invocations go, never the plan's lanes.
    const tickSends = statementsOf('Lifeboat: post on the social networks while an incident stays open').filter((st) =>
      [st.Action].flat().includes('sqs:SendMessage'),
    );
    expect(tickSends.map((st) => JSON.stringify(st.Resource))).toEqual([expect.stringMatching(/FailedInvocations/)]);
    expect(tick).toEqual(expect.arrayContaining(['ses:SendEmail', 'scheduler:DeleteSchedule'])); // reminders to on-call
  });

  it('relays committed events from the table stream, with bisection, a dead-letter queue and a sweep', () => {
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    service.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: {
        Filters: [{ Pattern: JSON.stringify({ dynamodb: { NewImage: { outboxPk: { S: ['PENDING'] } } } }) }],
      },
    });
    service.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Input: JSON.stringify({ sweep: true }), DeadLetterConfig: Match.anyValue() })],
    });
    const relay = statementsOf('Lifeboat: pass committed events from the table outbox to the event bus');
    const actions = relay.flatMap((s) => [s.Action].flat());
    // GetItem: the relay reads each announced update's text back from its own item.
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'events:PutEvents',
        'dynamodb:GetRecords',
      ]),
    );
    expect(actions).not.toContain('dynamodb:PutItem');
  });

  it('depends on nothing outside Lifeboat: no VPC, no imported values', () => {
    const text = JSON.stringify(service.toJSON()) + JSON.stringify(data.toJSON());
    expect(text).not.toContain('Fn::ImportValue');
    expect(text).not.toContain('AWS::EC2::');
  });
});

describe('the outside probe', () => {
  it('runs in another region than Lifeboat, on a schedule, against the page and /v1/health', () => {
    expect(JSON.stringify(probe.toJSON())).not.toContain('eu-west-3.amazonaws');
    probe.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Lifeboat: check the status page and /v1/health from outside their region',
      Environment: { Variables: Match.objectLike({ PAGE_URL: Match.anyValue(), HEALTH_URL: Match.anyValue() }) },
    });
    probe.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
  });

  it('alarms its own topic when either stops answering, when the probe stops running, and on CloudFront 5xx', () => {
    probe.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      EvaluationPeriods: 2,
      AlarmActions: Match.anyValue(),
    });
    probe.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Invocations',
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    probe.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/CloudFront',
      MetricName: '5xxErrorRate',
      Threshold: 5,
    });
    probe.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });
});
