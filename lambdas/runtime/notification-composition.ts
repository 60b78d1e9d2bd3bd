import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbIncidentStore } from '../adapters/aws/dynamodb/incident-store';
import { createDynamoDbPlanStores } from '../adapters/aws/dynamodb/stores';
import { SqsJobQueue } from '../adapters/aws/sqs-job-queue';
import { composeResponsePlan } from '../composition/response-plan';
import { composeSubscriberDirectory } from '../composition/subscribers';
import { incidentReader } from '../core/incident-reader';
import { systemClock } from '../core/ports';
import * as z from '../core/schema';
import type { IncidentScheduler } from '../plan/social-ports';
import { awsChannels, sesProviderLimits } from './aws-channels';
import { awsFoundation } from './aws-composition';
import { CoreEnvironment, readEnvironment } from './environment';
import { onFirstUse } from './on-first-use';
import { secret } from './secrets';
import { awsSocialPosters } from './social-posters';

/** What the notifier and the scheduled X posts are given by the CDK app. */
export const NotificationEnvironment = z.extend(CoreEnvironment, {
  TOKEN_KEY_SECRET_ARN: z.string().check(z.minLength(1)),
  X_CREDENTIALS_SECRET_ARN: z.string().check(z.minLength(1)),
  /** Given only when the network is switched on in the config. */
  MASTODON_CREDENTIALS_SECRET_ARN: z.optional(z.string().check(z.minLength(1))),
  BLUESKY_CREDENTIALS_SECRET_ARN: z.optional(z.string().check(z.minLength(1))),
  PUBLIC_API_URL: z.url(),
  SES_CONFIGURATION_SET: z.string().check(z.minLength(1)),
  SCHEDULE_GROUP: z.string().check(z.minLength(1)),
  /** The notifier's own queues, one per lane, where it queues the plan's jobs. */
  PLAN_QUEUE_URL: z.url(),
  EMAIL_QUEUE_URL: z.url(),
  SMS_QUEUE_URL: z.url(),
  WEBHOOK_QUEUE_URL: z.url(),
  /** Absent for the scheduled function itself, which only ever stops its schedule. */
  SCHEDULE_TARGET_ARN: z.optional(z.string().check(z.minLength(1))),
  SCHEDULE_ROLE_ARN: z.optional(z.string().check(z.minLength(1))),
  SCHEDULE_DEAD_LETTER_ARN: z.optional(z.string().check(z.minLength(1))),
});

/**
 * The timed posts and reminders of open incidents, on EventBridge Scheduler; its client loads when
 * an incident opens or closes, not for each batch of messages.
 */
function incidentSchedules(env: z.output<typeof NotificationEnvironment>): IncidentScheduler {
  const scheduler = onFirstUse(async () => {
    const [{ SchedulerClient }, { EventBridgeIncidentScheduler }] = await Promise.all([
      import('@aws-sdk/client-scheduler'),
      import('../adapters/aws/eventbridge-scheduler'),
    ]);
    return new EventBridgeIncidentScheduler(new SchedulerClient({}), {
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
    });
  });
  return {
    start: async (incidentId, everyMinutes) => (await scheduler()).start(incidentId, everyMinutes),
    stop: async (incidentId) => (await scheduler()).stop(incidentId),
  };
}

/** The AWS adapters of the response plan: SES, SNS, SQS, EventBridge Scheduler, the social networks, the table. */
export function composeNotificationsOnAws() {
  const env = readEnvironment(NotificationEnvironment);
  // The plan's own stores and a reader of incidents, not the core's services: the notifier changes no incident.
  const { config, db, tableName, logger } = awsFoundation(env);
  const stores = createDynamoDbPlanStores(db, tableName);
  const services = { incidents: incidentReader(new DynamoDbIncidentStore(db, tableName)) };
  const channels = awsChannels(config, { configurationSet: env.SES_CONFIGURATION_SET });
  const subscribers = composeSubscriberDirectory({
    stores,
    tokenKey: secret(env.TOKEN_KEY_SECRET_ARN),
    clock: systemClock,
    apiUrl: env.PUBLIC_API_URL,
  });
  const notifications = composeResponsePlan(
    { config, stores, channels, clock: systemClock, logger, services, subscribers },
    {
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
      scheduler: incidentSchedules(env),
      limits: sesProviderLimits(config.responsePlan.limits.emailPerSecond, (error) =>
        logger.warn('SES account quota unreadable; using the configured rate', { error }),
      ),
    },
  );
  return { ...notifications, logger };
}
