import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../lambdas/local/router';
import { ROUTE_IDS, ROUTES, type RouteDefinition, routeUrl } from '../../lambdas/routes';

describe('routeUrl', () => {
  it('fills in path parameters, encoded, under the base URL without doubling its slash', () => {
    expect(routeUrl(ROUTES.addIncidentUpdate, { base: 'https://api.example.com/', params: { id: 'a/b c' } })).toBe(
      'https://api.example.com/v1/incidents/a%2Fb%20c/updates',
    );
    expect(routeUrl(ROUTES.health)).toBe('/v1/health');
  });

  it('adds the query, leaving out values that are not given, and encodes what needs it', () => {
    expect(routeUrl(ROUTES.listSubscribers, { query: { limit: 1000, cursor: undefined } })).toBe(
      '/v1/subscribers?limit=1000',
    );
    expect(routeUrl(ROUTES.listSubscribers, { query: { limit: 10, cursor: null } })).toBe('/v1/subscribers?limit=10');
    expect(routeUrl(ROUTES.confirmSubscription, { base: 'http://127.0.0.1:3000', query: { token: 'a+b&c=d' } })).toBe(
      'http://127.0.0.1:3000/v1/subscriptions/confirm?token=a%2Bb%26c%3Dd',
    );
  });

  it('makes, for every route in the table, a URL the router takes back to that route and its parameters', () => {
    for (const id of ROUTE_IDS) {
      const route = ROUTES[id];
      const params = Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, 'x-1']));
      const url = routeUrl(route as RouteDefinition, { params });
      expect(matchRoute(route.method, url), id).toEqual({ kind: 'route', id, params });
    }
  });

  it('refuses to make a URL with a parameter missing, rather than a link that goes nowhere', () => {
    expect(() => routeUrl(ROUTES.getIncident, { params: {} as { id: string } })).toThrow(/needs its "id"/);
  });
});
