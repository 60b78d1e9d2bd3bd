import { type App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { z } from 'zod';
import lifeboatConfig from '../lifeboat.config';
import { type LifeboatConfig, parseConfig } from '../lambdas/core/config';
import { formatZodIssues } from '../lambdas/core/validation';
import { LifeboatProbeStack } from './probe-region-stack';
import { LifeboatDataStack, LifeboatServiceStack } from './stacks';

const list = z
  .string()
  .optional()
  .transform((value) => (value ? value.split(',').map((item) => item.trim()).filter(Boolean) : []));

/** The deployment settings, from CDK context (`-c key=value` or cdk.json). */
export const DeploymentSettings = z
  .object({
    account: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id').optional(),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-3').optional(),
    domainName: z.string().optional(),
    certificateArn: z.string().regex(/^arn:aws:acm:us-east-1:/, 'an ACM certificate in us-east-1').optional(),
    alarmEmails: list,
    alarmPhoneNumbers: list,
  })
  .refine((s) => Boolean(s.domainName) === Boolean(s.certificateArn), {
    message: 'domainName and certificateArn go together',
    path: ['certificateArn'],
  });
export type DeploymentSettings = z.output<typeof DeploymentSettings>;

const CONTEXT_KEYS = ['account', 'region', 'domainName', 'certificateArn', 'alarmEmails', 'alarmPhoneNumbers'] as const;

/** Reads the settings from `lifeboat:<key>` context, falling back to the CLI's default account and region. */
export function readSettings(app: App, env: NodeJS.ProcessEnv = process.env): DeploymentSettings {
  const raw: Record<string, unknown> = Object.fromEntries(
    CONTEXT_KEYS.map((key) => [key, app.node.tryGetContext(`lifeboat:${key}`) ?? undefined]),
  );
  raw.account ??= env.CDK_DEFAULT_ACCOUNT;
  raw.region ??= env.CDK_DEFAULT_REGION;
  const result = DeploymentSettings.safeParse(raw);
  if (result.success) return result.data;
  const problems = formatZodIssues(result.error.issues).map((e) => `lifeboat:${e.field}: ${e.message}`);
  throw new Error(`Invalid deployment settings:\n  ${problems.join('\n  ')}`);
}

/**
 * Composes Lifeboat's two stacks, and a probe stack per probe region when the config has checks,
 * into an app and runs cdk-nag's AwsSolutions checks on them.
 */
export function buildLifeboatApp(app: App, settings: DeploymentSettings, config: LifeboatConfig = parseConfig(lifeboatConfig, 'lifeboat.config.ts')) {
  const env: Environment = { account: settings.account, region: settings.region };
  const probeRegions = config.probes?.checks.length ? config.probes.regions : [];
  if (probeRegions.length && (!settings.account || !settings.region)) {
    throw new Error('Probes run from regions of their own: set lifeboat:account and lifeboat:region (or deploy with a default account and region)');
  }
  if (settings.region && probeRegions.includes(settings.region)) {
    throw new Error(`probes.regions: ${settings.region} is the core's region; probe from regions apart from it`);
  }
  const data = new LifeboatDataStack(app, 'LifeboatData', {
    env,
    // The probe stacks write to the table from their regions.
    ...(probeRegions.length ? { crossRegionReferences: true } : {}),
    description: 'Lifeboat: stateful resources (table, status site, secrets)',
    storage: {
      site: {
        ...(settings.domainName ? { domainName: settings.domainName } : {}),
        ...(settings.certificateArn ? { certificateArn: settings.certificateArn } : {}),
      },
    },
    terminationProtection: true,
  });
  const service = new LifeboatServiceStack(app, 'LifeboatService', {
    env,
    description: 'Lifeboat: API, functions, events and alarms',
    lifeboat: {
      config,
      storage: data.storage,
      alarms: { emails: settings.alarmEmails, phoneNumbers: settings.alarmPhoneNumbers },
    },
  });
  const probes = probeRegions.map(
    (region) =>
      new LifeboatProbeStack(app, `LifeboatProbes-${region}`, {
        env: { account: settings.account, region },
        crossRegionReferences: true,
        description: `Lifeboat: probes run from ${region}`,
        table: data.storage.table,
        tableRegion: settings.region!,
      }),
  );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { data, service, probes };
}
