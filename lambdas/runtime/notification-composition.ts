import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { EventBridgeIncidentScheduler } from '../adapters/aws/eventbridge-scheduler';
import { SesProviderLimits } from '../adapters/aws/ses-provider-limits';
import { SqsJobQueue } from '../adapters/aws/sqs-job-queue';
import { systemClock } from '../core/ports';
import { composeNotifications } from '../plan/notification-system';
import { awsChannels, awsSubscriberService } from './aws-channels';
import { composeOnAws } from './aws-composition';
import { CoreEnvironment, readEnvironment } from './environment';
import { awsSocialPosters } from './social-posters';

/** What the notifier and the scheduled X posts are given by the CDK app. */
export const NotificationEnvironment = CoreEnvironment.extend({
  TOKEN_KEY_SECRET_ARN: z.string().min(1),
  X_CREDENTIALS_SECRET_ARN: z.string().min(1),
  /** Given only when the network is switched on in the config. */
  MASTODON_CREDENTIALS_SECRET_ARN: z.string().min(1).optional(),
  BLUESKY_CREDENTIALS_SECRET_ARN: z.string().min(1).optional(),
  PUBLIC_API_URL: z.url(),
  SES_CONFIGURATION_SET: z.string().min(1),
  SCHEDULE_GROUP: z.string().min(1),
  /** The notifier's own queues, one per lane, where it queues the plan's jobs. */
  PLAN_QUEUE_URL: z.url(),
  EMAIL_QUEUE_URL: z.url(),
  SMS_QUEUE_URL: z.url(),
  WEBHOOK_QUEUE_URL: z.url(),
  /** Absent for the scheduled function itself, which only ever stops its schedule. */
  SCHEDULE_TARGET_ARN: z.string().min(1).optional(),
  SCHEDULE_ROLE_ARN: z.string().min(1).optional(),
  SCHEDULE_DEAD_LETTER_ARN: z.string().min(1).optional(),
});

/** The AWS adapters of the response plan: SES, SNS, SQS, EventBridge Scheduler, the social networks, the table. */
export function composeNotificationsOnAws() {
  const env = readEnvironment(NotificationEnvironment);
  const { config, stores, services, logger } = composeOnAws(env);
  const ses = new SESv2Client({});
  const channels = awsChannels(config, { ses, configurationSet: env.SES_CONFIGURATION_SET });
  const subscribers = awsSubscriberService({ config, stores }, channels, {
    tokenKeySecretArn: env.TOKEN_KEY_SECRET_ARN,
    apiUrl: env.PUBLIC_API_URL,
  });
  const notifications = composeNotifications({
    config,
    incidents: services.incidents,
    subscribers,
    ...channels,
    posters: awsSocialPosters(config, {
      x: env.X_CREDENTIALS_SECRET_ARN,
      mastodon: env.MASTODON_CREDENTIALS_SECRET_ARN,
      bluesky: env.BLUESKY_CREDENTIALS_SECRET_ARN,
    }),
    queue: new SqsJobQueue(new SQSClient({}), {
      plan: env.PLAN_QUEUE_URL,
      email: env.EMAIL_QUEUE_URL,
      sms: env.SMS_QUEUE_URL,
      webhook: env.WEBHOOK_QUEUE_URL,
    }),
    scheduler: new EventBridgeIncidentScheduler(new SchedulerClient({}), {
      groupName: env.SCHEDULE_GROUP,
      ...(env.SCHEDULE_TARGET_ARN && env.SCHEDULE_ROLE_ARN && env.SCHEDULE_DEAD_LETTER_ARN
        ? {
            invoke: {
              functionArn: env.SCHEDULE_TARGET_ARN,
              roleArn: env.SCHEDULE_ROLE_ARN,
              deadLetterArn: env.SCHEDULE_DEAD_LETTER_ARN,
            },
          }
        : {}),
    }),
    limits: new SesProviderLimits(ses, config.responsePlan.limits.emailPerSecond, (error) =>
      logger.warn('SES account quota unreadable; using the configured rate', { error }),
    ),
    stores,
    clock: systemClock,
    logger,
  });
  return { ...notifications, logger };
}
