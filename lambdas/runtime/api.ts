/**
 * Lambda entry for every API route. The CDK app gives each route its own function (and its own
 * permissions) from this one bundle; LIFEBOAT_ROUTE says which route this function serves.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { z } from 'zod';
import { ApiKeyAuthenticator } from '../core/authenticator';
import { API_HANDLERS } from '../handlers/api';
import { ROUTE_IDS, type RouteId } from '../routes';
import { composeOnAws } from './aws-composition';
import { CoreEnvironment, readEnvironment } from './environment';

const env = readEnvironment(
  CoreEnvironment.extend({
    LIFEBOAT_ROUTE: z.enum(ROUTE_IDS as [RouteId, ...RouteId[]]),
    API_KEY_PEPPER_SECRET_ARN: z.string().min(1),
  }),
);
const { config, stores, services, logger } = composeOnAws(env);

/** Cached for five minutes per execution environment, so a rotation takes effect without a deploy. */
const pepper = async (): Promise<string> => {
  const value = await getSecret<string>(env.API_KEY_PEPPER_SECRET_ARN, { maxAge: 300 });
  if (!value) throw new Error('The API key pepper secret is empty');
  return value;
};

export const handler = API_HANDLERS[env.LIFEBOAT_ROUTE]({
  config,
  ...services,
  audit: stores.audit,
  authenticator: new ApiKeyAuthenticator(stores.apiKeys, pepper),
  logger,
});
