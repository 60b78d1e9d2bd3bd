/**
 * `npm start`: the whole of Lifeboat on this machine, with no AWS account and no Docker.
 * Reads its settings from the environment (documented in the README) and prints what runs where.
 * Whatever stops it from starting is said in one line, with exit status 1; never a stack trace.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { BlueskyPoster } from '../adapters/bluesky-poster';
import { MastodonPoster } from '../adapters/mastodon-poster';
import { XPoster } from '../adapters/x-poster';
import { LifeboatError } from '../core/errors';
import { INTEGRATIONS } from '../core/integration';
import { DataDirInUseError, lockDataDir } from './data-dir-lock';
import { loadConfig } from './load-config';
import { LOCAL_SITE_BUCKET, startLocalService } from './local-service';
import {
  LOCAL_SLACK_SIGNING_SECRET,
  LOCAL_SLACK_WORKSPACE,
  localUserGroups,
  withLocalSlack,
} from './local-slack-workspace';

/** Local mode only: the documented default key, so the quick start needs no setup. */
export const DEFAULT_LOCAL_API_KEY = 'lifeboat-local-key';
/** Local mode only: each integration's documented default secret, e.g. `lifeboat-local-alertmanager`. */
export const localIntegrationSecret = (integration: string) => `lifeboat-local-${integration}`;

/** A setting that stops the start: its message is the one line the user sees. */
class StartError extends Error {}

async function main(): Promise<void> {
  const started = performance.now();
  const env = process.env;
  // Lambda runs Node 22; the SDK's notice about older local Node versions is noise here.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const configPath = env.LIFEBOAT_CONFIG || 'lifeboat.config.ts';
  const dataDir = resolve(env.LIFEBOAT_DATA_DIR || '.lifeboat-data');
  const apiKey = env.LIFEBOAT_API_KEY || DEFAULT_LOCAL_API_KEY;
  const port = parsePort(env.PORT);
  const slackSecret = env.LIFEBOAT_SLACK_SIGNING_SECRET || LOCAL_SLACK_SIGNING_SECRET;

  if (!existsSync(resolve(configPath))) {
    throw new StartError(
      `Configuration file not found: ${resolve(configPath)} (set LIFEBOAT_CONFIG to your lifeboat.config.ts)`,
    );
  }
  const config = withLocalSlack(await loadConfig(configPath));
  const unlock = await lockDataDir(dataDir);
  // With credentials, local mode posts to real accounts (X; Mastodon or Bluesky as configured); without, to the outbox.
  const realAccounts = {
    ...(env.LIFEBOAT_X_APP_KEY &&
    env.LIFEBOAT_X_APP_SECRET &&
    env.LIFEBOAT_X_ACCESS_TOKEN &&
    env.LIFEBOAT_X_ACCESS_SECRET
      ? {
          socialPoster: new XPoster({
            appKey: env.LIFEBOAT_X_APP_KEY,
            appSecret: env.LIFEBOAT_X_APP_SECRET,
            accessToken: env.LIFEBOAT_X_ACCESS_TOKEN,
            accessSecret: env.LIFEBOAT_X_ACCESS_SECRET,
          }),
        }
      : {}),
    // With a token or an app password, local mode posts to the configured Mastodon or Bluesky account.
    socialPosters: {
      ...(env.LIFEBOAT_MASTODON_ACCESS_TOKEN && config.social.mastodon.instanceUrl
        ? {
            mastodon: new MastodonPoster(
              { accessToken: env.LIFEBOAT_MASTODON_ACCESS_TOKEN },
              {
                instanceUrl: config.social.mastodon.instanceUrl,
                visibility: config.social.mastodon.visibility,
                language: config.page.locale,
              },
            ),
          }
        : {}),
      ...(env.LIFEBOAT_BLUESKY_APP_PASSWORD && config.social.bluesky.handle
        ? {
            bluesky: new BlueskyPoster(
              { identifier: config.social.bluesky.handle, appPassword: env.LIFEBOAT_BLUESKY_APP_PASSWORD },
              { service: config.social.bluesky.service, language: config.page.locale },
            ),
          }
        : {}),
    },
  };
  const postsToRealAccounts = Boolean(realAccounts.socialPoster) || Object.keys(realAccounts.socialPosters).length > 0;
  const service = await startLocalService({
    config,
    // A person follows the links in the outbox's emails and posts: to this server, not the public
    // URL. Posts to real accounts are public, so then every link keeps the configured page.
    linksToThisServer: !postsToRealAccounts,
    port,
    dataDir,
    apiKeys: [{ key: apiKey, name: 'local', scope: 'write' }],
    slackSigningSecret: slackSecret,
    integrationSecrets: INTEGRATIONS.map((integration) => ({
      integration,
      name: 'local',
      secret: localIntegrationSecret(integration),
    })),
    ...realAccounts,
    logLevel: (env.LIFEBOAT_LOG_LEVEL?.toUpperCase() as LogLevel | undefined) ?? 'WARN',
  }).catch(async (error: unknown) => {
    await unlock();
    throw error;
  });
  for (const [group, members] of localUserGroups(config)) service.slack.api.setUserGroup(group, members);

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const customKey = apiKey !== DEFAULT_LOCAL_API_KEY;
  const keyShown = customKey
    ? `${mask(apiKey)} (from LIFEBOAT_API_KEY)`
    : `${apiKey} (the local default; set LIFEBOAT_API_KEY to change it)`;
  const slack = config.slack!;
  const slackSecretShown = env.LIFEBOAT_SLACK_SIGNING_SECRET
    ? `${mask(slackSecret)} (from LIFEBOAT_SLACK_SIGNING_SECRET)`
    : `${slackSecret} (the local default)`;
  console.log(
    [
      `Lifeboat is running locally for "${config.page.name}" (ready in ${seconds} s)`,
      `  Page       ${service.url}/      (the status page, rebuilt on every change)`,
      `  API        ${service.url}/v1   (try: curl ${service.url}/v1/health)`,
      `  API key    ${keyShown}`,
      `  Slack      ${service.url}/v1/slack/commands   (workspace ${slack.teamId}, on-call user ${LOCAL_SLACK_WORKSPACE.userId}; signing secret ${slackSecretShown})`,
      `  DynamoDB   dynalite at ${service.dynamoDbEndpoint}, data in ${dataDir}`,
      `  S3         s3rver at ${service.site.s3Endpoint}, bucket ${LOCAL_SITE_BUCKET}`,
      `  Outbox     ${service.url}/_dev/outbox   (every email, SMS, webhook and Slack message sent)`,
      `  Config     ${configPath}: ${config.components.length} components (${config.components.map((c) => c.id).join(', ')})`,
      ...(config.probes?.checks.length
        ? [
            `  Probes     ${config.probes.checks.length} checks, every minute, as ${config.probes.regions.join(', ')} (quorum ${config.probes.quorum})`,
          ]
        : []),
      `  CLI        LIFEBOAT_URL=${service.url} LIFEBOAT_API_KEY=${customKey ? '$LIFEBOAT_API_KEY' : apiKey} npx lifeboat status`,
      `  Alerts     ${service.url}/v1/integrations/<${INTEGRATIONS.join('|')}>, secret lifeboat-local-<integration>; ${config.alerts.rules.length} rule(s)`,
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );

  const stop = () => {
    service.close().then(
      () => unlock().finally(() => process.exit(0)),
      () => unlock().finally(() => process.exit(1)),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** PORT: a whole number from 0 (the OS chooses) to 65535; anything else stops the start. */
function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new StartError(`PORT must be a port number from 0 to 65535 (got "${value}")`);
  return port;
}

/** A secret set by the user is shown by its first characters only: banners end up in screenshots. */
function mask(secret: string): string {
  return `${secret.slice(0, Math.min(4, Math.floor(secret.length / 4)))}…(${secret.length} characters)`;
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (error instanceof LifeboatError || error instanceof StartError || error instanceof DataDirInUseError)
    console.error(error.message);
  else if (code === 'EADDRINUSE')
    console.error(`Port ${process.env.PORT ?? 3000} is in use; start with PORT=<another port> npm start`);
  else if (code === 'EACCES' || code === 'EPERM') console.error(`Permission denied: ${(error as Error).message}`);
  else console.error(`Lifeboat could not start: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});
