import { SlackWebApi } from '../../adapters/slack-web-api';
import * as z from '../../core/schema';
import type { SlackJobQueue } from '../../slack/ports';
import { SlackService } from '../../slack/slack-service';
import { readEnvironment } from '../environment';
import { onFirstUse } from '../on-first-use';
import { secret } from '../secrets';
import type { RouteCore } from './core';
import type { DepsBuilders } from './route-deps';

/** Slack for the two Slack routes: null (the route answers 404) when the config sets up no workspace. */
export function slackParts({ config, services, stores }: RouteCore): DepsBuilders {
  const env = readEnvironment(
    z.object({
      SLACK_SIGNING_SECRET_ARN: z.string().check(z.minLength(1)),
      SLACK_BOT_TOKEN_SECRET_ARN: z.string().check(z.minLength(1)),
      SLACK_WORKER_FUNCTION: z.string().check(z.minLength(1)),
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
              jobs: workerInvocations(env.SLACK_WORKER_FUNCTION),
              replays: stores.replays,
              siteUrl: config.page.url,
            }),
            signingSecret: secret(env.SLACK_SIGNING_SECRET_ARN),
          }
        : null,
  };
}

/**
 * Jobs go to the worker as asynchronous invocations. The Lambda client, one of the SDK's larger,
 * loads with the first job: a request that changes nothing (help, status, a refused signature)
 * never needs it, and the cold start Slack's 3 seconds must cover stays small.
 */
function workerInvocations(workerFunction: string): SlackJobQueue {
  const jobs = onFirstUse(async () => {
    const [{ LambdaClient }, { LambdaSlackJobs }] = await Promise.all([
      import('@aws-sdk/client-lambda'),
      import('../../adapters/aws/lambda-slack-jobs'),
    ]);
    return new LambdaSlackJobs(new LambdaClient({}), workerFunction);
  });
  return { enqueue: async (job) => (await jobs()).enqueue(job) };
}
