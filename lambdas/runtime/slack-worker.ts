/**
 * The Slack worker: runs what /outage asked for, after the command was acknowledged. Invoked
 * asynchronously, so Lambda retries a failure twice and then dead-letters it.
 */

import { SlackWebApi } from '../adapters/slack-web-api';
import * as z from '../core/schema';
import type { SlackJob } from '../slack/ports';
import { SlackService } from '../slack/slack-service';
import { AlertTimerEnvironment, composeAlertsOnAws } from './alert-composition';
import { composeOnAws } from './aws-composition';
import { CoreEnvironment, readEnvironment } from './environment';
import { composeMaintenancesOnAws, MaintenanceTimerEnvironment } from './maintenance-composition';
import { secret } from './secrets';

const env = readEnvironment(
  z.extend(CoreEnvironment, {
    ...AlertTimerEnvironment.shape,
    ...MaintenanceTimerEnvironment.shape,
    SLACK_BOT_TOKEN_SECRET_ARN: z.string().check(z.minLength(1)),
  }),
);
const core = composeOnAws(env);
const { config, services, stores, logger } = core;

const slack = new SlackService({
  config,
  ...services,
  api: new SlackWebApi(secret(env.SLACK_BOT_TOKEN_SECRET_ARN)),
  jobs: { enqueue: async () => Promise.reject(new Error('The worker does not queue work')) },
  replays: stores.replays,
  siteUrl: config.page.url,
  alerts: composeAlertsOnAws(env, core),
  maintenances: composeMaintenancesOnAws(env, core),
});

export const handler = async (job: SlackJob): Promise<void> => {
  logger.info('Slack job', { kind: job.command.kind, idempotencyKey: job.idempotencyKey });
  await slack.runJob(job);
};
