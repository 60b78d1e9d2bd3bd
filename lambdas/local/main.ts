/**
 * `npm start`: the whole of Lifeboat on this machine, with no AWS account and no Docker.
 * Reads its settings from the environment (documented in the README) and prints what runs where.
 */
import { resolve } from 'node:path';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { XPoster } from '../adapters/x-poster';
import { LifeboatError } from '../core/errors';
import { loadConfig } from './load-config';
import { LOCAL_SITE_BUCKET, startLocalService } from './local-service';
import { INTEGRATIONS } from '../core/integration';

/** Local mode only: the documented default key, so the quick start needs no setup. */
export const DEFAULT_LOCAL_API_KEY = 'lifeboat-local-key';
/** Local mode only: each integration's documented default secret, e.g. `lifeboat-local-alertmanager`. */
export const localIntegrationSecret = (integration: string) => `lifeboat-local-${integration}`;

async function main(): Promise<void> {
  const started = performance.now();
  const env = process.env;
  // Lambda runs Node 22; the SDK's notice about older local Node versions is noise here.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const configPath = env.LIFEBOAT_CONFIG ?? 'lifeboat.config.ts';
  const dataDir = resolve(env.LIFEBOAT_DATA_DIR ?? '.lifeboat-data');
  const apiKey = env.LIFEBOAT_API_KEY || DEFAULT_LOCAL_API_KEY;
  const port = Number(env.PORT ?? 3000);

  const config = await loadConfig(configPath);
  const service = await startLocalService({
    config,
    port,
    dataDir,
    apiKeys: [{ key: apiKey, name: 'local', scope: 'write' }],
    integrationSecrets: INTEGRATIONS.map((integration) => ({ integration, name: 'local', secret: localIntegrationSecret(integration) })),
    ...(env.LIFEBOAT_SLACK_SIGNING_SECRET ? { slackSigningSecret: env.LIFEBOAT_SLACK_SIGNING_SECRET } : {}),
    // With credentials, local mode posts to a real X account; without, to the outbox.
    ...(env.LIFEBOAT_X_APP_KEY && env.LIFEBOAT_X_APP_SECRET && env.LIFEBOAT_X_ACCESS_TOKEN && env.LIFEBOAT_X_ACCESS_SECRET
      ? {
          socialPoster: new XPoster({
            appKey: env.LIFEBOAT_X_APP_KEY,
            appSecret: env.LIFEBOAT_X_APP_SECRET,
            accessToken: env.LIFEBOAT_X_ACCESS_TOKEN,
            accessSecret: env.LIFEBOAT_X_ACCESS_SECRET,
          }),
        }
      : {}),
    logLevel: (env.LIFEBOAT_LOG_LEVEL?.toUpperCase() as LogLevel | undefined) ?? 'WARN',
  });

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const keyNote = apiKey === DEFAULT_LOCAL_API_KEY ? ' (the local default; set LIFEBOAT_API_KEY to change it)' : '';
  console.log(
    [
      `Lifeboat is running locally for "${config.page.name}" (ready in ${seconds} s)`,
      `  Page       ${service.url}/      (the status page, rebuilt on every change)`,
      `  API        ${service.url}/v1   (try: curl ${service.url}/v1/health)`,
      `  API key    ${apiKey}${keyNote}`,
      `  DynamoDB   dynalite at ${service.dynamoDbEndpoint}, data in ${dataDir}`,
      `  S3         s3rver at ${service.site.s3Endpoint}, bucket ${LOCAL_SITE_BUCKET}`,
      `  Outbox     ${service.url}/_dev/outbox   (every email, SMS, webhook and Slack message sent)`,
      `  Config     ${configPath}: ${config.components.length} components${config.slack ? `; Slack /outage at ${service.url}/v1/slack/commands` : ''}`,
      `  CLI        LIFEBOAT_URL=${service.url} LIFEBOAT_API_KEY=${apiKey} npx lifeboat status`,
      `  Alerts     ${service.url}/v1/integrations/<${INTEGRATIONS.join('|')}>, secret lifeboat-local-<integration>; ${config.alerts.rules.length} rule(s)`,
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );

  const stop = () => {
    service.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof LifeboatError) console.error(error.message);
  else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Port ${process.env.PORT ?? 3000} is in use; start with PORT=<another port> npm start`);
  } else console.error(error);
  process.exit(1);
});
