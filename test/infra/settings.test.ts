import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/cdk';

describe('deployment settings', () => {
  it('deploy both stacks to the account and region given in context', () => {
    const { data, service } = buildTestApp({ 'lifeboat:account': '123456789012', 'lifeboat:region': 'eu-north-1' });
    for (const stack of [data, service]) {
      expect(stack.account).toBe('123456789012');
      expect(stack.region).toBe('eu-north-1');
    }
  });

  it('fall back to the CLI default account and region', () => {
    const { service } = buildTestApp({}, { CDK_DEFAULT_ACCOUNT: '210987654321', CDK_DEFAULT_REGION: 'ap-southeast-2' });
    expect(service.region).toBe('ap-southeast-2');
    expect(service.account).toBe('210987654321');
  });

  it('name the bad context key', () => {
    expect(() => buildTestApp({ 'lifeboat:region': 'Paris' })).toThrow(/lifeboat:region: an AWS region/);
    expect(() => buildTestApp({ 'lifeboat:domainName': 'status.example.org' })).toThrow(
      /lifeboat:certificateArn: domainName and certificateArn go together/,
    );
    expect(() =>
      buildTestApp({
        'lifeboat:domainName': 'status.example.org',
        'lifeboat:certificateArn': 'arn:aws:acm:eu-west-1:1:certificate/x',
      }),
    ).toThrow(/an ACM certificate in us-east-1/);
  });

  it('refuse alarms that reach nobody, saying how to give them a destination or waive it', () => {
    expect(() => buildTestApp({ 'lifeboat:alarmEmails': undefined })).toThrow(
      /reach nobody[\s\S]*-c lifeboat:alarmEmails=[\s\S]*lifeboat:noAlarmDestination/,
    );
    expect(() =>
      buildTestApp({ 'lifeboat:alarmEmails': undefined, 'lifeboat:noAlarmDestination': 'a sandbox account' }),
    ).not.toThrow();
    expect(() => buildTestApp({ 'lifeboat:alarmSlack': 'general' })).toThrow(
      /lifeboat:alarmSlack: a Slack workspace id and channel id/,
    );
  });

  it('protect the data stack from deletion', () => {
    expect(buildTestApp().data.terminationProtection).toBe(true);
  });
});
