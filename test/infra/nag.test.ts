import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/cdk';

interface Report {
  pluginReports: { summary: { pluginName: string; status: string }; violations: { ruleName: string }[] }[];
}

/** Synthesizes and returns the error (if any) and the policy validation report CDK wrote. */
function synthesize(app: App, outdir: string): { error: unknown; report: Report } {
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  const path = join(outdir, 'policy-validation-report.json');
  const report: Report = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : { pluginReports: [] };
  return { error, report };
}

describe('cdk-nag AwsSolutions checks', () => {
  it('catch a finding that is not acknowledged (the checks really run)', () => {
    const outdir = buildTestApp().outdir.replace(/$/, '-control');
    const app = new App({ outdir, context: { '@aws-cdk/core:validationReportJson': true } });
    new Bucket(new Stack(app, 'Control'), 'Unlogged');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const { error, report } = synthesize(app, outdir);
    expect(error).toBeDefined();
    const rules = report.pluginReports.flatMap((r) => r.violations.map((v) => v.ruleName));
    expect(rules.join(' ')).toContain('AwsSolutions-S1');
  });

  it('find nothing unacknowledged in Lifeboat, and every acknowledgement gives its reason', () => {
    const { app, outdir } = buildTestApp({
      'lifeboat:alarmEmails': 'oncall@example.com',
      'lifeboat:alarmSlack': 'T0123ABCD/C0123ABCD',
      'lifeboat:alarmWebhooks': 'https://alerts.example.com/sns',
      // A known region, so the outside probe's stack (in us-east-1) is checked too.
      'lifeboat:region': 'eu-west-3',
    });
    expect(app.node.tryFindChild('LifeboatOutsideProbe')).toBeDefined();
    const { error, report } = synthesize(app, outdir);
    const violations = report.pluginReports.flatMap((r) => r.violations.map((v) => v.ruleName));
    expect(violations).toEqual([]);
    expect(error).toBeUndefined();

    const acknowledgements = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, { reason?: string } | string>));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, value] of acknowledgements) {
      const reason = typeof value === 'string' ? value : value.reason;
      expect(reason, id).toMatch(/\w.{30,}/);
    }
  });
});
