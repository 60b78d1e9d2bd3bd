/** Lambda entry: GET /v1/health. Loads the config and the logger, nothing else: no AWS client. */
import { Logger } from '@aws-lambda-powertools/logger';
import { makeHealthHandler } from '../../handlers/api/health';
import { publicRouteAuthenticator, routeDeps } from '../api-parts/route-deps';
import { bundledConfig } from '../bundled-config';

const config = bundledConfig();
const logger = new Logger({ serviceName: 'lifeboat' });

export const handler = makeHealthHandler(
  routeDeps('health', { config: () => config, logger: () => logger, authenticator: () => publicRouteAuthenticator }),
);
