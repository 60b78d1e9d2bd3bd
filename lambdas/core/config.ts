import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { ComponentStatus } from './component';
import { ValidationError } from './errors';
import { Impact } from './incident';
import { Integration } from './integration';
import { ProbesConfig, unknownProbeComponents } from './probes/probe-config';
import { TEMPLATE_PLACEHOLDERS, unknownPlaceholders } from './template';
import { formatZodIssues } from './validation';

const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use lowercase letters, digits and dashes (at most 63)');

const PageConfig = z.object({
  id: Slug.default('lifeboat'),
  name: z.string().min(1).max(100),
  url: z.url({ protocol: /^https?$/ }),
  timeZone: z.string().refine(isTimeZone, 'not an IANA time zone, e.g. Europe/Paris'),
  locale: z.enum(['en', 'fr']).default('en'),
});

const GroupConfig = z.object({
  id: Slug,
  name: z.string().min(1).max(100),
  description: z.string().max(500).optional(),
});

const ComponentConfig = z.object({
  id: Slug,
  name: z.string().min(1).max(100),
  description: z.string().max(500).optional(),
  group: Slug.optional(),
  /** Hide the component on the page while it is operational. */
  onlyShowIfDegraded: z.boolean().default(false),
  /** The date from which uptime is counted (ISO date); defaults to when it was first seen. */
  startDate: z.iso.date().optional(),
});

/** Where SMS sign-ups are accepted by default (see `smsCountries`). */
export const DEFAULT_SMS_COUNTRIES = [
  'US',
  'CA',
  'GB',
  'IE',
  'FR',
  'DE',
  'NL',
  'BE',
  'LU',
  'CH',
  'AT',
  'ES',
  'PT',
  'IT',
  'SE',
  'NO',
  'DK',
  'FI',
  'AU',
  'NZ',
] as const;

const SmsCountry = z
  .string()
  .transform((code) => code.toUpperCase())
  .refine((code) => isSupportedCountry(code), 'not a country code with phone numbers, e.g. US, GB, FR');

const DEFAULT_LIMITS = {
  perIpPerHour: 20,
  perAddressPerHour: 3,
  smsPerIpPer4Hours: 10,
  smsPerHour: 200,
  smsPerCountryPerHour: 100,
  smsPerPrefixPerHour: 20,
};

const SubscriptionsConfig = z.object({
  /** Which ways of subscribing the page offers. */
  email: z.boolean().default(true),
  sms: z.boolean().default(true),
  webhook: z.boolean().default(true),
  /** The sender of notification emails: an address of a domain verified in SES. */
  fromAddress: z.email().optional(),
  /** Linked from the SMS sign-up text, as carriers require. */
  termsUrl: z.url().optional(),
  privacyUrl: z.url().optional(),
  /**
   * The countries (ISO 3166 alpha-2) whose mobile numbers may sign up for SMS; others are refused,
   * since SMS pumping aims at expensive destinations. Numbers of no country (satellite +870, +881,
   * international networks +882/+883) are always refused. The default covers North America,
   * Western Europe, the Nordics and Australia/New Zealand; set your page's own audience.
   */
  smsCountries: z
    .array(SmsCountry)
    .min(1)
    .default(() => [...DEFAULT_SMS_COUNTRIES]),
  /** Against list bombing and SMS pumping. */
  limits: z
    .object({
      perIpPerHour: z.number().int().positive().default(20),
      perAddressPerHour: z.number().int().positive().default(3),
      smsPerIpPer4Hours: z.number().int().positive().default(10),
      smsPerHour: z.number().int().positive().default(200),
      /** SMS sign-ups per country per hour, so one country cannot use up the service-wide cap. */
      smsPerCountryPerHour: z.number().int().positive().default(100),
      /** SMS sign-ups per number range (the number without its last 4 digits) per hour. */
      smsPerPrefixPerHour: z.number().int().positive().default(20),
    })
    .default(DEFAULT_LIMITS),
});

/** Who may run /outage, and where results are posted. Absent: the Slack routes refuse everything. */
const SlackConfig = z.object({
  /** The workspace (team id, T…) allowed to use the command. */
  teamId: z.string().regex(/^[TE][A-Z0-9]+$/, 'a Slack team id such as T024BE7LD'),
  /** If set, only commands run in these channels may change anything. */
  allowedChannelIds: z.array(z.string().regex(/^[CGD][A-Z0-9]+$/)).default([]),
  /** If set, only members of this user group (S…) may change anything. */
  allowedUserGroupId: z
    .string()
    .regex(/^S[A-Z0-9]+$/)
    .optional(),
  /** Where every declare, update and resolve is also announced. */
  notifyChannelId: z
    .string()
    .regex(/^[CG][A-Z0-9]+$/)
    .optional(),
});

/** The channels a notification can go out on. */
export const NotificationChannel = z.enum(['email', 'sms', 'webhook', 'x', 'mastodon', 'bluesky']);
export type NotificationChannel = z.infer<typeof NotificationChannel>;
/** The channels that are social networks: one thread per incident on each (see plan/social-updates). */
export const SocialNetwork = NotificationChannel.extract(['x', 'mastodon', 'bluesky']);
export type SocialNetwork = z.infer<typeof SocialNetwork>;

const Template = z
  .string()
  .min(1)
  .max(2000)
  .superRefine((template, ctx) => {
    const unknown = unknownPlaceholders(template);
    if (unknown.length) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown placeholder ${unknown.map((p) => `{${p}}`).join(', ')}; use ${TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`,
      });
    }
  });

/** A locale's own wording for notifications; what is left out keeps Lifeboat's default text. */
const TemplateSet = z.strictObject({
  emailSubject: Template.optional(),
  emailBody: Template.optional(),
  sms: Template.optional(),
  /** Social posts, on every network (the name is from when X was the only one). */
  x: Template.optional(),
});

const Channels = z.array(NotificationChannel);
/** The social networks, posted on only when switched on in `social` (see SocialConfig). */
const SOCIAL = SocialNetwork.options;
const Moments = z.object({ declare: Channels, update: Channels, resolve: Channels });

/**
 * As Statuspage does by default: email and webhooks hear every update; SMS, which costs and
 * interrupts, only the start and the end of a major or critical incident.
 */
const defaultPlan = (): Record<'none' | 'minor' | 'major' | 'critical', z.input<typeof Moments>> => ({
  none: { declare: [], update: [], resolve: [] },
  minor: { declare: ['email', 'webhook'], update: ['email', 'webhook'], resolve: ['email', 'webhook'] },
  major: {
    declare: ['email', 'sms', 'webhook', ...SOCIAL],
    update: ['email', 'webhook', ...SOCIAL],
    resolve: ['email', 'sms', 'webhook', ...SOCIAL],
  },
  critical: {
    declare: ['email', 'sms', 'webhook', ...SOCIAL],
    update: ['email', 'webhook', ...SOCIAL],
    resolve: ['email', 'sms', 'webhook', ...SOCIAL],
  },
});

/**
 * Who hears of a published postmortem: subscribers of the incident's components, on these
 * channels, when the request asks (`notify`), or by default when `notify` is true here.
 */
const PostmortemPlan = z.strictObject({
  notify: z.boolean().default(false),
  channels: z.array(z.enum(['email', 'sms', 'webhook'])).default(['email', 'webhook']),
});
const DEFAULT_POSTMORTEM_PLAN = { notify: false, channels: ['email' as const, 'webhook' as const] };

/** The response plan: who hears what, on which channel, for each impact and moment of an incident. */
const ResponsePlanConfig = z
  .object({
    byImpact: z.object({ none: Moments, minor: Moments, major: Moments, critical: Moments }).default(defaultPlan()),
    postmortem: PostmortemPlan.default(DEFAULT_POSTMORTEM_PLAN),
    /** Never send faster than the providers allow: SES's account rate, SMS throughput, receivers. */
    limits: z
      .object({
        emailPerSecond: z.number().positive().default(14),
        smsPerSecond: z.number().positive().default(10),
        webhooksPerSecond: z.number().positive().default(50),
        /** X's posting limit for the account (paid tiers go as low as 100 a day). */
        xPostsPerDay: z.number().int().positive().default(50),
        /**
         * Workers sending at once (the notifier's maximum concurrency on AWS, at least 2). The
         * providers' rates hold whatever this is: every worker takes from one shared budget.
         */
        concurrency: z.number().int().min(2).max(1000).default(10),
      })
      .default({ emailPerSecond: 14, smsPerSecond: 10, webhooksPerSecond: 50, xPostsPerDay: 50, concurrency: 10 }),
    /** Message templates per locale, e.g. `{ fr: { sms: '{page} : {status} – {name}. {body}' } }`. */
    templates: z.object({ en: TemplateSet.optional(), fr: TemplateSet.optional() }).default({}),
    /** Posts to X while an incident is open, this often. */
    socialIntervalMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(30),
    /** At most one X post per incident this often: a burst of updates becomes one post with the latest. */
    socialSpacingSeconds: z.number().int().min(0).max(900).default(120),
    /**
     * How long an update's plan waits for the previous update's plan to reach everyone before it
     * goes anyway (only when that plan is stuck, e.g. a batch in the dead-letter queue).
     */
    orderWaitSeconds: z.number().int().min(1).max(900).default(600),
    /** On-call is reminded when an open incident has had no update for this long. */
    reminder: z
      .object({
        afterMinutes: z.number().int().min(5).default(30),
        emails: z.array(z.email()).default([]),
        phoneNumbers: z.array(z.string()).default([]),
      })
      .default({ afterMinutes: 30, emails: [], phoneNumbers: [] }),
  })
  .default({
    byImpact: defaultPlan(),
    postmortem: DEFAULT_POSTMORTEM_PLAN,
    limits: { emailPerSecond: 14, smsPerSecond: 10, webhooksPerSecond: 50, xPostsPerDay: 50, concurrency: 10 },
    templates: {},
    socialIntervalMinutes: 30,
    socialSpacingSeconds: 120,
    orderWaitSeconds: 600,
    reminder: { afterMinutes: 30, emails: [], phoneNumbers: [] },
  });

const MAINTENANCE_PLAN_DEFAULT = {
  scheduled: ['email', 'sms', 'webhook'],
  rescheduled: ['email', 'webhook'],
  reminder: ['email', 'sms', 'webhook'],
  started: ['email', 'sms', 'webhook'],
  verifying: ['email', 'webhook'],
  completed: ['email', 'sms', 'webhook'],
  cancelled: ['email', 'sms', 'webhook'],
  updated: ['email', 'webhook'],
} as const;

/**
 * Scheduled maintenance: when subscribers are reminded before a window starts (minutes before it,
 * 24 hours and 1 hour by default), and on which channels each moment is told (X is not used).
 */
const MaintenanceConfig = z.strictObject({
  reminderMinutes: z
    .array(
      z
        .number()
        .int()
        .min(1)
        .max(14 * 24 * 60),
    )
    .max(5)
    .default([1440, 60]),
  notify: z
    .strictObject({
      scheduled: Channels,
      rescheduled: Channels,
      reminder: Channels,
      started: Channels,
      verifying: Channels,
      completed: Channels,
      cancelled: Channels,
      updated: Channels,
    })
    .default({
      scheduled: [...MAINTENANCE_PLAN_DEFAULT.scheduled],
      rescheduled: [...MAINTENANCE_PLAN_DEFAULT.rescheduled],
      reminder: [...MAINTENANCE_PLAN_DEFAULT.reminder],
      started: [...MAINTENANCE_PLAN_DEFAULT.started],
      verifying: [...MAINTENANCE_PLAN_DEFAULT.verifying],
      completed: [...MAINTENANCE_PLAN_DEFAULT.completed],
      cancelled: [...MAINTENANCE_PLAN_DEFAULT.cancelled],
      updated: [...MAINTENANCE_PLAN_DEFAULT.updated],
    }),
});

const PostsPerDay = z.number().int().positive().default(300);

/**
 * The social networks an incident's thread is posted on, one switch each; the response plan says
 * for which impacts and moments. Credentials are secrets, never here (README: "Social networks").
 */
const SocialConfig = z.strictObject({
  /** On by default, as before this section existed; posts are skipped until its credentials are set. */
  x: z.strictObject({ enabled: z.boolean().default(true) }).default({ enabled: true }),
  mastodon: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** The instance the account lives on, e.g. https://mastodon.social. */
      instanceUrl: z.url({ protocol: /^https?$/ }).optional(),
      visibility: z.enum(['public', 'unlisted']).default('public'),
      postsPerDay: PostsPerDay,
    })
    .refine((m) => !m.enabled || m.instanceUrl, { path: ['instanceUrl'], message: 'required when enabled' })
    .default({ enabled: false, visibility: 'public', postsPerDay: 300 }),
  bluesky: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** The account's PDS (its host); bsky.social for accounts made on the Bluesky app. */
      service: z.url({ protocol: /^https?$/ }).default('https://bsky.social'),
      /** The account's handle, e.g. status.example.com; its app password is a secret. */
      handle: z.string().min(3).max(253).optional(),
      postsPerDay: PostsPerDay,
    })
    .refine((b) => !b.enabled || b.handle, { path: ['handle'], message: 'required when enabled' })
    .default({ enabled: false, service: 'https://bsky.social', postsPerDay: 300 }),
});

/** A label's wanted value, or any of several. */
const LabelValues = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/**
 * What a firing alert does. The first rule that matches an alert decides; an alert no rule
 * matches is recorded and changes nothing.
 */
const AlertRule = z.strictObject({
  /** Which integrations' alerts the rule takes; every one when absent. */
  from: z.array(Integration).min(1).optional(),
  /**
   * Labels the alert must carry, with these values (an array: any of them). Alertmanager and
   * Grafana alerts have their own labels; CloudWatch alarms have `alarmName`, `region`,
   * `accountId`, `namespace` and `metricName`; generic alerts the labels they send plus `id`.
   */
  match: z.record(z.string().min(1), LabelValues).refine((m) => Object.keys(m).length > 0, 'name at least one label'),
  component: Slug,
  /** What the component shows while the alert fires. */
  status: z.enum(ComponentStatus.options).exclude(['operational']).default('major_outage'),
  /** How long an alert must keep firing before the page changes: damps flapping. */
  holdSeconds: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600)
    .default(60),
  /**
   * Also declare an incident (through the response plan) once the status is shown and the alert
   * has kept firing this much longer; on-call can cancel it meanwhile from the CLI or Slack.
   */
  declare: z
    .strictObject({
      impact: z.enum(Impact.options).default('major'),
      afterSeconds: z
        .number()
        .int()
        .min(0)
        .max(24 * 3600)
        .default(300),
      /** The incident's name; the alert's name by default. */
      name: z.string().min(1).max(200).optional(),
    })
    .optional(),
});
export type AlertRule = z.output<typeof AlertRule>;

const AlertsConfig = z.strictObject({
  rules: z.array(AlertRule).default([]),
  cloudwatch: z
    .strictObject({
      /** The SNS topics whose messages are accepted (others are refused even when signed by SNS). Empty: any. */
      topicArns: z
        .array(z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/, 'an SNS topic ARN'))
        .default([]),
    })
    .default({ topicArns: [] }),
});

export const LifeboatConfig = z
  .object({
    page: PageConfig,
    groups: z.array(GroupConfig).default([]),
    components: z.array(ComponentConfig).min(1, 'declare at least one component'),
    subscriptions: SubscriptionsConfig.default({
      email: true,
      sms: true,
      webhook: true,
      smsCountries: [...DEFAULT_SMS_COUNTRIES],
      limits: DEFAULT_LIMITS,
    }),
    slack: SlackConfig.optional(),
    responsePlan: ResponsePlanConfig,
    social: SocialConfig.default({
      x: { enabled: true },
      mastodon: { enabled: false, visibility: 'public', postsPerDay: 300 },
      bluesky: { enabled: false, service: 'https://bsky.social', postsPerDay: 300 },
    }),
    /** Alerts from monitoring (Alertmanager, Grafana, CloudWatch, generic): what each sets on the page. */
    alerts: AlertsConfig.default({ rules: [], cloudwatch: { topicArns: [] } }),
    /** Scheduled maintenance: reminders and who hears what (see README, Scheduled maintenance). */
    maintenance: MaintenanceConfig.prefault({}),
    /** Components start with this status the first time they are seen. */
    defaultComponentStatus: z.enum(ComponentStatus.options).default('operational'),
    /** Lifeboat's own checks (see README, Probes). */
    probes: ProbesConfig.optional(),
  })
  .superRefine((config, ctx) => {
    const groupIds = new Set(config.groups.map((g) => g.id));
    const seen = new Set<string>();
    config.components.forEach((component, index) => {
      if (seen.has(component.id) || groupIds.has(component.id)) {
        ctx.addIssue({ code: 'custom', path: ['components', index, 'id'], message: `duplicate id "${component.id}"` });
      }
      seen.add(component.id);
      if (component.group && !groupIds.has(component.group)) {
        ctx.addIssue({
          code: 'custom',
          path: ['components', index, 'group'],
          message: `unknown group "${component.group}"`,
        });
      }
    });
    config.alerts.rules.forEach((rule, index) => {
      if (!seen.has(rule.component)) {
        ctx.addIssue({
          code: 'custom',
          path: ['alerts', 'rules', index, 'component'],
          message: `unknown component "${rule.component}"`,
        });
      }
    });
    for (const issue of unknownProbeComponents(config.probes, seen)) ctx.addIssue({ code: 'custom', ...issue });
  });

export type LifeboatConfigInput = z.input<typeof LifeboatConfig>;
export type LifeboatConfig = z.output<typeof LifeboatConfig>;

/** Identity with a type: lets a config file be checked by the editor as it is written. */
export const defineConfig = (config: LifeboatConfigInput): LifeboatConfigInput => config;

/** Validates a config; the error names the file and every bad field. */
export function parseConfig(raw: unknown, source: string): LifeboatConfig {
  const result = LifeboatConfig.safeParse(raw);
  if (result.success) return result.data;
  const errors = formatZodIssues(result.error.issues);
  const lines = errors.map((e) => `  ${e.field}: ${e.message}`).join('\n');
  throw new ValidationError(`Invalid configuration in ${source}:\n${lines}`, { errors });
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
