import { LambdaClient } from '@aws-sdk/client-lambda';
import { z } from 'zod';
import { LambdaSlackJobs } from '../../adapters/aws/lambda-slack-jobs';
import { SlackWebApi } from '../../adapters/slack-web-api';
import { SlackService } from '../../slack/slack-service';
import { readEnvironment } from '../environment';
import { secret } from '../secrets';
import type { RouteCore } from './core';
import type { DepsBuilders } from './route-deps';

/** Slack for the two Slack routes: null (the route answers 404) when the config sets up no workspace. */
export function slackParts({ config, services, stores }: RouteCore): DepsBuilders {
  const env = readEnvironment(
    z.object({
      SLACK_SIGNING_SECRET_ARN: z.string().min(1),
      SLACK_BOT_TOKEN_SECRET_ARN: z.string().min(1),
      SLACK_WORKER_FUNCTION: z.string().min(1),
    }),
  );
  return {
    slack: () =>
      config.slack
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
        : null,
  };
}
