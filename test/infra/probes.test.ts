import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json';
import { parseConfig } from '../../lambdas/core/config';
import { buildLifeboatApp, readSettings } from '../../lib/app';
import lifeboatConfig from '../../lifeboat.config';

const config = parseConfig(
  {
    ...lifeboatConfig,
    probes: {
      regions: ['eu-central-1', 'us-east-1'],
      checks: [{ id: 'api-health', component: 'api', type: 'http', url: 'https://api.acme.example/health' }],
    },
  },
  'test',
);

function build(context: Record<string, unknown> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'lifeboat-cdk-probes-'));
  const app = new App({
    outdir,
    context: {
      ...cdkJson.context,
      'aws:cdk:bundling-stacks': [],
      'lifeboat:account': '123456789012',
      'lifeboat:region': 'eu-west-3',
      'lifeboat:alarmEmails': 'oncall@example.com',
      ...context,
    },
  });
  return { app, outdir, ...buildLifeboatApp(app, readSettings(app, {}), config) };
}

describe('probe regions on AWS', () => {
  it('give each region a stack whose function runs every minute and may only update probe items of the core table', () => {
    const { probes } = build();
    expect(probes.map((s) => s.region)).toEqual(['eu-central-1', 'us-east-1']);
    const template = Template.fromStack(probes[0]!);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(* * * * ? *)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        DeadLetterConfig: Match.anyValue(),
      }),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'dynamodb:UpdateItem',
            Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PROBE#*'] } },
          }),
        ]),
      },
    });
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    for (const action of [
      'dynamodb:PutItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:DeleteItem',
      'events:PutEvents',
    ]) {
      expect(policies).not.toContain(action);
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ TABLE_REGION: 'eu-west-3' }) },
    });
  });

  it('evaluate the probes every minute in the core region', () => {
    const { service } = build();
    const template = Template.fromStack(service);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(* * * * ? *)',
      Description: 'Lifeboat: evaluate the probes every minute',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: 'Probes: evaluations EventBridge could not deliver',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Lifeboat: turn probe results from every region into component status',
      Environment: { Variables: Match.objectLike({ EVENT_BUS_NAME: Match.anyValue() }) },
    });
  });

  it('refuse to probe from the core region itself', () => {
    expect(() => build({ 'lifeboat:region': 'us-east-1' })).toThrow(/us-east-1 is the core's region/);
  });

  it('pass the cdk-nag AwsSolutions checks', () => {
    const { app, outdir } = build();
    let error: unknown;
    try {
      app.synth();
    } catch (e) {
      error = e;
    }
    const path = join(outdir, 'policy-validation-report.json');
    const report = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : { pluginReports: [] };
    const violations = report.pluginReports.flatMap(
      (r: { violations: { ruleName: string; violatingResources: unknown }[] }) =>
        r.violations.map((v) => `${v.ruleName} ${JSON.stringify(v.violatingResources)}`),
    );
    expect(violations).toEqual([]);
    expect(error).toBeUndefined();
  });
});
