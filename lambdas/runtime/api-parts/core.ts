import { ApiKeyAuthenticator } from '../../core/authenticator';
import * as z from '../../core/schema';
import type { RouteId } from '../../routes';
import { composeOnAws } from '../aws-composition';
import { CoreEnvironment, readEnvironment } from '../environment';
import { secret } from '../secrets';
import { type DepsBuilders, publicRouteAuthenticator, routeDeps } from './route-deps';

/** What every API route but the health check is given by the CDK app. */
const RouteEnvironment = z.extend(CoreEnvironment, {
  /** Absent on public routes, which check no API key. */
  API_KEY_PEPPER_SECRET_ARN: z.optional(z.string().check(z.minLength(1))),
  PUBLIC_API_URL: z.url(),
});

export type RouteCore = ReturnType<typeof composeRouteCore>;

/** What a route adds to the core beyond the table and the bus (`composeOnAws`'s options). */
export type RouteCoreOptions = Parameters<typeof composeOnAws>[1];

function composeRouteCore(options: RouteCoreOptions) {
  const env = readEnvironment(RouteEnvironment);
  return { env, ...composeOnAws(env, options) };
}

/**
 * A route's dependencies: the core (config, table, services, audit, API keys) plus the parts
 * `extra` adds for what the route uses (subscribers, sending, Slack); `options` gives the core
 * what only this route needs (the postmortem renderer).
 */
export function apiRoute(
  routeId: RouteId,
  extra: (core: RouteCore) => DepsBuilders = () => ({}),
  options: RouteCoreOptions = {},
): ReturnType<typeof routeDeps> {
  const core = composeRouteCore(options);
  const { config, services, stores, logger, env } = core;
  const pepperArn = env.API_KEY_PEPPER_SECRET_ARN;
  return routeDeps(routeId, {
    config: () => config,
    logger: () => logger,
    incidents: () => services.incidents,
    maintenances: () => services.maintenances,
    components: () => services.components,
    pageSettings: () => services.pageSettings,
    audit: () => stores.audit,
    apiUrl: () => env.PUBLIC_API_URL,
    siteUrl: () => config.page.url,
    authenticator: () =>
      pepperArn ? new ApiKeyAuthenticator(stores.apiKeys, secret(pepperArn)) : publicRouteAuthenticator,
    ...extra(core),
  });
}
