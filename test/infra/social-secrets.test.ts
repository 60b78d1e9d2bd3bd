import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json';
import { parseConfig } from '../../lambdas/core/config';
import { buildLifeboatApp, readSettings } from '../../lib/app';
import lifeboatConfig from '../../lifeboat.config';

function build(social: unknown) {
  const outdir = mkdtempSync(join(tmpdir(), 'lifeboat-cdk-social-'));
  const app = new App({
    outdir,
    context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], 'lifeboat:alarmEmails': 'oncall@example.com' },
  });
  const config = parseConfig({ ...lifeboatConfig, social }, 'test');
  const { service } = buildLifeboatApp(app, readSettings(app, {}), config);
  // cdk-nag runs on synthesis and throws on a finding nobody acknowledged.
  app.synth();
  return Template.fromStack(service);
}

const secretsOf = (template: Template) =>
  Object.values(template.findResources('AWS::SecretsManager::Secret')) as {
    DeletionPolicy: string;
    Properties: { Description: string };
  }[];

describe('social network credentials on AWS', () => {
  it('are a retained secret per network switched on, read by the functions that post, and nag-clean', () => {
    const template = build({
      mastodon: { enabled: true, instanceUrl: 'https://mastodon.example' },
      bluesky: { enabled: true, handle: 'status.acme.example' },
    });
    const secrets = secretsOf(template);
    expect(secrets.map((s) => s.Properties.Description).sort()).toEqual([
      'Lifeboat: Bluesky app password. Set by the operator (see README).',
      'Lifeboat: Mastodon access token. Set by the operator (see README).',
    ]);
    for (const secret of secrets) expect(secret.DeletionPolicy).toBe('Retain');

    const posters = Object.values(template.findResources('AWS::Lambda::Function')).filter((fn) =>
      /X_CREDENTIALS_SECRET_ARN/.test(JSON.stringify(fn)),
    );
    expect(posters).toHaveLength(2); // the notifier and the social tick
    for (const fn of posters) {
      expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(
        expect.arrayContaining(['MASTODON_CREDENTIALS_SECRET_ARN', 'BLUESKY_CREDENTIALS_SECRET_ARN']),
      );
    }
    const readers = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) => {
      const text = JSON.stringify(policy);
      return /MastodonCredentials/.test(text) && /BlueskyCredentials/.test(text) && /GetSecretValue/.test(text);
    });
    expect(readers).toHaveLength(2);
  });

  it('are not created for networks left off', () => {
    const template = build({ mastodon: { enabled: false } });
    expect(secretsOf(template)).toEqual([]);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/MASTODON|BLUESKY/);
  });
});
