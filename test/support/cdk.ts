import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import cdkJson from '../../cdk.json';
import { buildLifeboatApp, readSettings } from '../../lib/app';

/**
 * The real app, as bin/app.ts builds it, with cdk.json's feature flags. Bundling is skipped (the
 * `aws:cdk:bundling-stacks` context) except where a test says otherwise; alarms go to one address.
 */
export function buildTestApp(context: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'lifeboat-cdk-'));
  const app = new App({
    outdir,
    context: {
      ...cdkJson.context,
      'aws:cdk:bundling-stacks': [],
      'lifeboat:alarmEmails': 'oncall@example.com',
      ...context,
    },
  });
  return { app, outdir, ...buildLifeboatApp(app, readSettings(app, env)) };
}
