/**
 * Lambda entry for every API route. The CDK app gives each route its own function (and its own
 * permissions) from this one bundle; LIFEBOAT_ROUTE says which route this function serves.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaSlackJobs } from '../adapters/aws/lambda-slack-jobs';
import { SesEmailSender } from '../adapters/aws/ses-email-sender';
import { SlackWebApi } from '../adapters/slack-web-api';
import { SnsSmsSender } from '../adapters/aws/sns-sms-sender';
import { HttpWebhookSender, resolveHost } from '../adapters/webhook-sender';
import { ApiKeyAuthenticator } from '../core/authenticator';
import { systemClock } from '../core/ports';
import { TokenSigner } from '../core/tokens';
import { API_HANDLERS } from '../handlers/api';
import { ROUTE_IDS, type RouteId } from '../routes';
import { PlanPreview } from '../plan/preview';
import { SlackService } from '../slack/slack-service';
import { SubscriberService } from '../subscriptions/subscriber-service';
import { composeOnAws } from './aws-composition';
import { AlertTimerEnvironment, composeAlertsOnAws } from './alert-composition';
import { IntegrationAuthenticator } from '../alerts/integration-authenticator';
import { snsCertificateFetcher, snsSubscriptionConfirmer } from '../adapters/sns-https';
import { CoreEnvironment, readEnvironment } from './environment';

const env = readEnvironment(
  CoreEnvironment.extend({
    LIFEBOAT_ROUTE: z.enum(ROUTE_IDS as [RouteId, ...RouteId[]]),
    API_KEY_PEPPER_SECRET_ARN: z.string().min(1),
    TOKEN_KEY_SECRET_ARN: z.string().min(1),
    PUBLIC_API_URL: z.url(),
    SES_CONFIGURATION_SET: z.string().min(1),
    SLACK_SIGNING_SECRET_ARN: z.string().min(1).optional(),
    SLACK_BOT_TOKEN_SECRET_ARN: z.string().min(1).optional(),
    SLACK_WORKER_FUNCTION: z.string().min(1).optional(),
  }).extend(AlertTimerEnvironment.shape),
);
const core = composeOnAws(env);
const { config, stores, services, logger } = core;

/** Secrets are cached for five minutes per execution environment: a rotation needs no deploy. */
const secret = (arn: string) => async (): Promise<string> => {
  const value = await getSecret<string>(arn, { maxAge: 300 });
  if (!value) throw new Error(`The secret ${arn} is empty`);
  return value;
};

const channels = {
  email: new SesEmailSender(
    new SESv2Client({}),
    config.subscriptions.fromAddress ?? `status@${new URL(config.page.url).hostname}`,
    env.SES_CONFIGURATION_SET,
  ),
  sms: new SnsSmsSender(new SNSClient({})),
  webhooks: new HttpWebhookSender(),
};
const subscribers = new SubscriberService({
  config,
  store: stores.subscribers,
  tokens: new TokenSigner(secret(env.TOKEN_KEY_SECRET_ARN)),
  rateLimiter: stores.rateLimiter,
  ...channels,
  audit: stores.audit,
  clock: systemClock,
  apiUrl: env.PUBLIC_API_URL,
  resolveHost,
});
const notifications = new PlanPreview({ config, subscribers, ...channels });

const slack =
  config.slack && env.SLACK_SIGNING_SECRET_ARN && env.SLACK_BOT_TOKEN_SECRET_ARN && env.SLACK_WORKER_FUNCTION
    ? {
        service: new SlackService({
          config,
          ...services,
          api: new SlackWebApi(secret(env.SLACK_BOT_TOKEN_SECRET_ARN)),
          jobs: new LambdaSlackJobs(new LambdaClient({}), env.SLACK_WORKER_FUNCTION),
          replays: stores.replays,
          siteUrl: config.page.url,
        }),
        signingSecret: secret(env.SLACK_SIGNING_SECRET_ARN),
      }
    : null;

const pepper = secret(env.API_KEY_PEPPER_SECRET_ARN);

export const handler = API_HANDLERS[env.LIFEBOAT_ROUTE]({
  config,
  ...services,
  audit: stores.audit,
  subscribers,
  notifications,
  apiUrl: env.PUBLIC_API_URL,
  siteUrl: config.page.url,
  slack,
  authenticator: new ApiKeyAuthenticator(stores.apiKeys, pepper),
  logger,
  alerts: {
    service: composeAlertsOnAws(env, core),
    authenticator: new IntegrationAuthenticator(stores.integrationKeys, pepper),
    sns: { fetchCertificate: snsCertificateFetcher(), confirmSubscription: snsSubscriptionConfirmer },
  },
});
