import type { ApiKeyAuthenticator } from '../../core/authenticator';
import type { ApiDeps } from '../../handlers/api/deps';
import { ROUTES, type RouteId } from '../../routes';

/** How to build each part of a route's dependencies; a route lists only the parts it uses. */
export type DepsBuilders = { [K in keyof ApiDeps]?: () => ApiDeps[K] };

/**
 * A route's dependencies, each part built on first use and kept for the execution environment.
 * A part the route was not deployed with fails by name instead of reaching for an AWS client
 * its role may not use (and whose code its bundle does not hold).
 */
export function routeDeps(routeId: RouteId, builders: DepsBuilders): ApiDeps {
  const built = new Map<PropertyKey, unknown>();
  return new Proxy({} as ApiDeps, {
    get(_, key) {
      if (built.has(key)) return built.get(key);
      const build = builders[key as keyof ApiDeps];
      if (!build) {
        const route = ROUTES[routeId];
        throw new Error(`${route.method} ${route.path} was deployed without "${String(key)}"`);
      }
      const value = build();
      built.set(key, value);
      return value;
    },
  });
}

/** The authenticator of a public route, which the middleware never asks. */
export const publicRouteAuthenticator = {
  authenticate: async () => {
    throw new Error('A public route has no API keys to check');
  },
} as unknown as ApiKeyAuthenticator;
