import { Annotations, type App, Aws, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { z } from 'zod';
import { type LifeboatConfig, parseConfig } from '../lambdas/core/config';
import { formatZodIssues } from '../lambdas/core/validation';
import lifeboatConfig from '../lifeboat.config';
import { OutsideProbeStack } from './outside-probe';
import { LifeboatProbeStack } from './probe-region-stack';
import { LifeboatRecoveryStack } from './recovery-stack';
import { LifeboatDataStack, LifeboatServiceStack } from './stacks';

const list = z
  .string()
  .optional()
  .transform((value) =>
    value
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : [],
  );

/** The deployment settings, from CDK context (`-c key=value` or cdk.json). */
export const DeploymentSettings = z
  .object({
    account: z
      .string()
      .regex(/^\d{12}$/, 'a 12-digit AWS account id')
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-3')
      .optional(),
    domainName: z.string().optional(),
    certificateArn: z
      .string()
      .regex(/^arn:aws:acm:us-east-1:/, 'an ACM certificate in us-east-1')
      .optional(),
    alarmEmails: list,
    alarmPhoneNumbers: list,
    /** A Slack channel for the alarms, through AWS Chatbot: `<workspaceId>/<channelId>`. */
    alarmSlack: z
      .string()
      .regex(/^[A-Z0-9]+\/[A-Z0-9]+$/, 'a Slack workspace id and channel id, e.g. T0123ABCD/C0123ABCD')
      .optional()
      .transform((value) =>
        value ? { workspaceId: value.split('/')[0]!, channelId: value.split('/')[1]! } : undefined,
      ),
    alarmWebhooks: list.pipe(z.array(z.url({ protocol: /^https$/ }))),
    /** Deploy with alarms that reach nobody, and why. */
    noAlarmDestination: z.string().optional(),
    smsMonthlyBudgetUsd: z.coerce.number().positive().optional(),
    /** Concurrency kept for each declaring function and the notifier; 0 while the account's quota is low. */
    reservedConcurrency: z.coerce.number().int().min(0).optional(),
    /** Where the outside probe runs. @default us-east-1, or us-west-2 when Lifeboat is in us-east-1 */
    probeRegion: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1')
      .optional(),
    /** The second region: the page's replica bucket and the copies of the table's backups live there. */
    recoveryRegion: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-central-1')
      .optional(),
    /** Days each table backup (and each copy) is kept. */
    backupRetentionDays: z.coerce.number().int().min(1).max(36_500).default(35),
    /** More vaults (e.g. in another account) that receive a copy of every table backup. */
    backupCopyVaultArns: list.pipe(
      z.array(z.string().regex(/^arn:aws[\w-]*:backup:[a-z0-9-]+:\d{12}:backup-vault:[\w.-]+$/, 'a backup vault ARN')),
    ),
    /** Keep a live replica of the table in the recovery region (a global table). */
    tableReplica: z
      .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')])
      .default(false),
    /** Point the service at an existing table (a restored one) instead of the data stack's. */
    tableName: z
      .string()
      .regex(/^[\w.-]{3,255}$/, 'a DynamoDB table name')
      .optional(),
    /** The stream of that table (the outbox relay reads it); required with tableName. */
    tableStreamArn: z
      .string()
      .regex(/^arn:aws[\w-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[\w.-]+\/stream\/.+$/, 'a DynamoDB stream ARN')
      .optional(),
  })
  .refine((s) => !s.probeRegion || s.probeRegion !== s.region, {
    message: 'the probe watches Lifeboat from outside: another region than lifeboat:region',
    path: ['probeRegion'],
  })
  .refine((s) => Boolean(s.domainName) === Boolean(s.certificateArn), {
    message: 'domainName and certificateArn go together',
    path: ['certificateArn'],
  })
  .refine((s) => !s.recoveryRegion || (s.region && s.region !== s.recoveryRegion), {
    message: 'needs lifeboat:region, and must be another region',
    path: ['recoveryRegion'],
  })
  .refine((s) => !s.tableReplica || s.recoveryRegion, {
    message: 'needs lifeboat:recoveryRegion',
    path: ['tableReplica'],
  })
  .refine((s) => Boolean(s.tableName) === Boolean(s.tableStreamArn), {
    message: 'tableName and tableStreamArn go together (enable the stream on a restored table first)',
    path: ['tableStreamArn'],
  });
export type DeploymentSettings = z.output<typeof DeploymentSettings>;

const CONTEXT_KEYS = [
  'account',
  'region',
  'domainName',
  'certificateArn',
  'alarmEmails',
  'alarmPhoneNumbers',
  'alarmSlack',
  'alarmWebhooks',
  'noAlarmDestination',
  'smsMonthlyBudgetUsd',
  'probeRegion',
  'reservedConcurrency',
  'recoveryRegion',
  'backupRetentionDays',
  'backupCopyVaultArns',
  'tableReplica',
  'tableName',
  'tableStreamArn',
] as const;

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
 * Composes Lifeboat's stacks into an app and runs cdk-nag's AwsSolutions checks on them: the data
 * and service stacks in Lifeboat's region; with a recovery region the recovery stack there
 * (deployed first); when Lifeboat's region is known, the outside probe (the page and /v1/health
 * checked from another region); and a probe stack per probe region when the config has checks.
 */
export function buildLifeboatApp(
  app: App,
  settings: DeploymentSettings,
  config: LifeboatConfig = parseConfig(lifeboatConfig, 'lifeboat.config.ts'),
) {
  const env: Environment = { account: settings.account, region: settings.region };
  const probeRegions = config.probes?.checks.length ? config.probes.regions : [];
  if (probeRegions.length && (!settings.account || !settings.region)) {
    throw new Error(
      'Probes run from regions of their own: set lifeboat:account and lifeboat:region (or deploy with a default account and region)',
    );
  }
  if (settings.region && probeRegions.includes(settings.region)) {
    throw new Error(`probes.regions: ${settings.region} is the core's region; probe from regions apart from it`);
  }
  const outsideProbeRegion =
    settings.probeRegion ??
    (settings.region ? (settings.region === 'us-east-1' ? 'us-west-2' : 'us-east-1') : undefined);
  const alarms = {
    emails: settings.alarmEmails,
    phoneNumbers: settings.alarmPhoneNumbers,
    webhookUrls: settings.alarmWebhooks,
    ...(settings.alarmSlack ? { slack: settings.alarmSlack } : {}),
    ...(settings.noAlarmDestination ? { noDestinationReason: settings.noAlarmDestination } : {}),
  };
  const recovery = settings.recoveryRegion
    ? new LifeboatRecoveryStack(app, 'LifeboatRecovery', {
        env: { account: settings.account, region: settings.recoveryRegion },
        description: "Lifeboat: the second region (the status page's replica, copies of the table's backups)",
        terminationProtection: true,
      })
    : undefined;
  const copyVaultArns = [
    ...(recovery
      ? [
          `arn:${Aws.PARTITION}:backup:${settings.recoveryRegion}:${Aws.ACCOUNT_ID}:backup-vault:${recovery.copyVaultName}`,
        ]
      : []),
    ...settings.backupCopyVaultArns,
  ];
  const data = new LifeboatDataStack(app, 'LifeboatData', {
    env,
    // The probe stacks write to the table from their regions; the outside probe reads the page's address.
    ...(probeRegions.length || outsideProbeRegion ? { crossRegionReferences: true } : {}),
    description: 'Lifeboat: stateful resources (table, status site, secrets)',
    storage: {
      site: {
        ...(settings.domainName ? { domainName: settings.domainName } : {}),
        ...(settings.certificateArn ? { certificateArn: settings.certificateArn } : {}),
        ...(recovery ? { replica: recovery.pageReplica.location } : {}),
      },
      backups: { retentionDays: settings.backupRetentionDays, copyToVaultArns: copyVaultArns },
      ...(settings.tableReplica && settings.recoveryRegion ? { tableReplicaRegions: [settings.recoveryRegion] } : {}),
    },
    terminationProtection: true,
  });
  if (recovery)
    data.addStackDependency(recovery, 'the distribution reads from, and the backups copy to, the recovery region');
  const service = new LifeboatServiceStack(app, 'LifeboatService', {
    env,
    ...(outsideProbeRegion ? { crossRegionReferences: true } : {}),
    description: 'Lifeboat: API, functions, events and alarms',
    lifeboat: {
      config,
      storage: data.storage,
      alarms,
      ...(settings.smsMonthlyBudgetUsd ? { smsMonthlyBudgetUsd: settings.smsMonthlyBudgetUsd } : {}),
      ...(settings.reservedConcurrency !== undefined ? { reservedConcurrency: settings.reservedConcurrency } : {}),
    },
    ...(settings.tableName && settings.tableStreamArn
      ? { existingTable: { tableName: settings.tableName, tableStreamArn: settings.tableStreamArn } }
      : {}),
  });
  const outsideProbe = outsideProbeRegion
    ? new OutsideProbeStack(app, 'LifeboatOutsideProbe', {
        env: { account: settings.account, region: outsideProbeRegion },
        description: 'Lifeboat: the status page and API checked from another region',
        lifeboat: service.lifeboat,
        alarms,
      })
    : undefined;
  if (!outsideProbe)
    Annotations.of(service).addWarning(
      'No outside probe: give lifeboat:region (or CDK_DEFAULT_REGION) so that it can run in another one.',
    );
  const probes = probeRegions.map(
    (region) =>
      new LifeboatProbeStack(app, `LifeboatProbes-${region}`, {
        env: { account: settings.account, region },
        crossRegionReferences: true,
        description: `Lifeboat: probes run from ${region}`,
        table: data.storage.table,
        tableRegion: settings.region!,
        config,
      }),
  );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { data, service, recovery, probes, outsideProbe };
}
