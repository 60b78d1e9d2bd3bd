import { type App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { z } from 'zod';
import { formatZodIssues } from '../lambdas/core/validation';
import lifeboatConfig from '../lifeboat.config';
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
    /** A Slack channel for the alarms, through AWS Chatbot: `<workspaceId>/<channelId>`. */
    alarmSlack: z
      .string()
      .regex(/^[A-Z0-9]+\/[A-Z0-9]+$/, 'a Slack workspace id and channel id, e.g. T0123ABCD/C0123ABCD')
      .optional()
      .transform((value) => (value ? { workspaceId: value.split('/')[0]!, channelId: value.split('/')[1]! } : undefined)),
    alarmWebhooks: list.pipe(z.array(z.url({ protocol: /^https$/ }))),
    /** Deploy with alarms that reach nobody, and why. */
    noAlarmDestination: z.string().optional(),
    smsMonthlyBudgetUsd: z.coerce.number().positive().optional(),
  })
  .refine((s) => Boolean(s.domainName) === Boolean(s.certificateArn), {
    message: 'domainName and certificateArn go together',
    path: ['certificateArn'],
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

/** Composes Lifeboat's two stacks into an app and runs cdk-nag's AwsSolutions checks on them. */
export function buildLifeboatApp(app: App, settings: DeploymentSettings) {
  const env: Environment = { account: settings.account, region: settings.region };
  const data = new LifeboatDataStack(app, 'LifeboatData', {
    env,
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
      storage: data.storage,
      config: lifeboatConfig,
      alarms: {
        emails: settings.alarmEmails,
        phoneNumbers: settings.alarmPhoneNumbers,
        webhookUrls: settings.alarmWebhooks,
        ...(settings.alarmSlack ? { slack: settings.alarmSlack } : {}),
        ...(settings.noAlarmDestination ? { noDestinationReason: settings.noAlarmDestination } : {}),
      },
      ...(settings.smsMonthlyBudgetUsd ? { smsMonthlyBudgetUsd: settings.smsMonthlyBudgetUsd } : {}),
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { data, service };
}
