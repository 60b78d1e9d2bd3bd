import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_IDS, ROUTES } from '../../lambdas/routes';
import { Lifeboat, type LifeboatProps } from '../../lib/lifeboat';
import lifeboatConfig from '../../lifeboat.config';

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

/** Another team's config: same shape, another page. */
const globex = {
  ...lifeboatConfig,
  page: { ...lifeboatConfig.page, id: 'globex', name: 'Globex Status', url: 'https://status.globex.example' },
};

/** A plain CDK app as another team would write it: no context, none of this repository's cdk.json flags. */
function embed(props: Partial<LifeboatProps>, options: { bundle?: boolean } = {}) {
  const app = new App(options.bundle ? {} : { context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Ops', { env: { account: '123456789012', region: 'eu-west-3' } });
  const lifeboat = new Lifeboat(stack, 'Lifeboat', {
    config: globex,
    alarms: { emails: ['ops@globex.example'] },
    ...props,
  } as LifeboatProps);
  return { app, stack, lifeboat };
}

describe('Lifeboat embedded in a fresh app with its own config', () => {
  let template: Template;
  let assembly: string;
  let functions: Resources;
  beforeAll(() => {
    const { app, stack } = embed({}, { bundle: true });
    assembly = app.synth().directory;
    template = Template.fromStack(stack);
    functions = template.findResources('AWS::Lambda::Function') as Resources;
  }, 120_000);

  it("gives every function that config, beside its own bundle, and no bundle holds the repository's", () => {
    const lifeboatFunctions = Object.values(functions).filter((f) => f.Properties.Handler === 'index.handler');
    expect(lifeboatFunctions.length).toBeGreaterThanOrEqual(ROUTE_IDS.length + 7);
    for (const fn of lifeboatFunctions) {
      const dir = join(assembly, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
      const config = JSON.parse(readFileSync(join(dir, 'lifeboat.config.json'), 'utf8'));
      expect(config.page).toMatchObject({ name: 'Globex Status', url: 'https://status.globex.example' });
      // index.mjs and the chunks it loads on the paths that need them.
      const files = readdirSync(dir, { recursive: true, encoding: 'utf8' });
      expect(files).toContain('index.mjs');
      const bundle = files
        .filter((file) => file.endsWith('.mjs'))
        .map((file) => readFileSync(join(dir, file), 'utf8'))
        .join('\n');
      expect(bundle, fn.Properties.Description).not.toContain('Acme Cloud');
      // What loads at start is small (the bench measures it); the chunks load on the paths that need them.
      expect(readFileSync(join(dir, 'index.mjs')).length, fn.Properties.Description).toBeLessThan(768 * 1024);
      expect(
        files.filter((file) => file.endsWith('.map')),
        fn.Properties.Description,
      ).toEqual([]);
    }
  });

  it('sends email from the identity of its own page, which the functions derive from the same config', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'status.globex.example' });
  });
});

describe('what the construct refuses, at synth, with what to do', () => {
  it('alarms that reach nobody, unless waived with a reason', () => {
    expect(() => embed({ alarms: {} })).toThrow(
      /reach nobody[\s\S]*alarms: \{ emails: \['oncall@example.com'\] \}[\s\S]*noDestinationReason/,
    );
    expect(() => embed({ alarms: { noDestinationReason: 'a sandbox account nobody watches' } })).not.toThrow();
    expect(() => embed({ alarms: { emails: ['a@b.example'], noDestinationReason: 'x' } })).toThrow(/not both/);
  });

  it('a config that does not validate, naming the field', () => {
    expect(() => embed({ config: { ...globex, page: { ...globex.page, url: 'not a url' } } })).toThrow(/page\.url/);
  });

  it('props that contradict each other', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Ops');
    const { lifeboat } = embed({});
    expect(
      () =>
        new Lifeboat(stack, 'Both', {
          config: globex,
          alarms: { emails: ['a@b.example'] },
          storage: lifeboat.storage,
          storageProps: {},
        }),
    ).toThrow(/storage.*storageProps.*not both/);
    expect(() => embed({ apiRateLimit: 100, apiBurstLimit: 10 })).toThrow(/apiBurstLimit/);
    expect(() => embed({ reservedConcurrency: -1 })).toThrow(/reservedConcurrency/);
  });
});

describe('alarms, capacity and permissions', () => {
  let template: Template;
  let resources: Resources;
  beforeAll(() => {
    const { stack } = embed({
      smsMonthlyBudgetUsd: 50,
      alarms: {
        emails: ['ops@globex.example'],
        phoneNumbers: ['+33612345678'],
        webhookUrls: ['https://alerts.globex.example/sns'],
        slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' },
      },
    });
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources;
  });
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const byDescription = (description: string) =>
    ofType('AWS::Lambda::Function').find(([, f]) => f.Properties.Description === description)!;
  const statementsOfRole = (roleId: string) =>
    ofType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(
        ([, p]) =>
          p.Properties.PolicyDocument.Statement as {
            Effect: string;
            Action: string | string[];
            Resource: unknown;
            Condition?: unknown;
          }[],
      );
  const statementsOf = (description: string) =>
    statementsOfRole(byDescription(description)[1].Properties.Role['Fn::GetAtt'][0]);

  it('sends alarms by email, SMS, webhook and to Slack through AWS Chatbot', () => {
    for (const protocol of ['email', 'sms', 'https'])
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: protocol });
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackWorkspaceId: 'T0123ABCD',
      SlackChannelId: 'C0123ABCD',
    });
  });

  it("alarms on SMS spend against the budget, SMS delivery, every work queue's oldest message", () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'SMSMonthToDateSpentUSD', Threshold: 40 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SMSSuccessRate',
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 0.9,
    });
    const workQueues = ofType('AWS::SQS::Queue').filter(([, q]) => q.Properties.RedrivePolicy);
    const ageAlarms = ofType('AWS::CloudWatch::Alarm').filter(
      ([, a]) => a.Properties.MetricName === 'ApproximateAgeOfOldestMessage',
    );
    for (const [queueId] of workQueues) {
      expect(
        ageAlarms.some(([, a]) => JSON.stringify(a.Properties.Dimensions).includes(queueId)),
        queueId,
      ).toBe(true);
    }
  });

  it('gives every asynchronously invoked function an on-failure destination', () => {
    for (const description of [
      'Lifeboat: post on the social networks while an incident stays open',
      'Lifeboat: pass committed events from the table outbox to the event bus',
      'Lifeboat: give configured components their stored state after each deploy',
      'Lifeboat: run /outage commands and report back to Slack',
      'Lifeboat: a held alert reaches the page, or a planned incident is declared',
    ]) {
      const [id] = byDescription(description);
      const configs = ofType('AWS::Lambda::EventInvokeConfig').filter(([, c]) =>
        JSON.stringify(c.Properties.FunctionName).includes(id),
      );
      expect(
        configs.map(([, c]) => c.Properties.DestinationConfig?.OnFailure?.Destination),
        description,
      ).toEqual([expect.anything()]);
    }
  });

  it('keeps capacity for declaring (write routes, Slack, alert integrations) and for the notifier, and bounds every queue consumer', () => {
    for (const id of ROUTE_IDS) {
      const route = ROUTES[id];
      const uses = (route as { uses?: readonly string[] }).uses ?? [];
      const declares =
        route.method !== 'GET' && (route.access === 'write' || uses.includes('slack') || uses.includes('alerts'));
      const [, fn] = byDescription(`Lifeboat API: ${route.method} ${route.path}`);
      expect(fn.Properties.ReservedConcurrentExecutions, id).toBe(declares ? 5 : undefined);
    }
    // All four lanes at their maximum concurrency: the reservation is also a ceiling.
    expect(
      byDescription('Lifeboat: run the response plan (email, SMS, webhooks, X)')[1].Properties
        .ReservedConcurrentExecutions,
    ).toBe(40);
    const sqsSources = ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => !m.Properties.StartingPosition);
    expect(sqsSources.length).toBeGreaterThanOrEqual(5);
    for (const [, m] of sqsSources) expect(m.Properties.ScalingConfig?.MaximumConcurrency).toBeGreaterThanOrEqual(2);
  });

  it('lets a role send SMS only to phone numbers: every sns:Publish on "*" comes with a Deny on all topics', () => {
    const roles = ofType('AWS::IAM::Role').map(([id]) => id);
    let checked = 0;
    for (const roleId of roles) {
      const statements = statementsOfRole(roleId);
      if (
        !statements.some((s) => s.Effect === 'Allow' && [s.Action].flat().includes('sns:Publish') && s.Resource === '*')
      )
        continue;
      checked++;
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sns:Publish',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:*:*:*']] },
        }),
      );
    }
    expect(checked).toBeGreaterThanOrEqual(4); // subscribe, import, notifier, X tick
  });

  it('lets GET routes read and nothing else; the two showing personal data may only add audit entries', () => {
    const write = [
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'events:PutEvents',
      'ses:SendEmail',
      'sns:Publish',
      'lambda:InvokeFunction',
    ];
    for (const id of ROUTE_IDS.filter((r) => ROUTES[r].method === 'GET')) {
      const route = ROUTES[id];
      const statements = statementsOf(`Lifeboat API: ${route.method} ${route.path}`);
      const actions = statements.flatMap((s) => [s.Action].flat());
      for (const action of write) expect(actions, `${id} ${action}`).not.toContain(action);
      for (const put of statements.filter((s) => [s.Action].flat().includes('dynamodb:PutItem'))) {
        expect(route.access, id).toBe('write');
        expect(put.Condition, id).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } });
      }
    }
    expect(statementsOf('Lifeboat API: GET /v1/subscribers').some((s) => s.Action === 'dynamodb:PutItem')).toBe(true);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Lifeboat API: GET /v1/health',
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'lifeboat' } },
    });
  });
});
