import { type HttpMethod, ROUTES, type RouteId } from '../routes';

interface CompiledRoute {
  id: RouteId;
  method: HttpMethod;
  pattern: RegExp;
  params: string[];
}

/** `/v1/incidents/{id}` → /^\/v1\/incidents\/([^/]+)$/ with params ['id'], as API Gateway matches. */
function compile(id: RouteId): CompiledRoute {
  const { method, path } = ROUTES[id];
  const params: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(param[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { id, method, pattern: new RegExp(`^${source}$`), params };
}

const COMPILED = (Object.keys(ROUTES) as RouteId[]).map(compile);

export type RouteMatch =
  | { kind: 'route'; id: RouteId; params: Record<string, string> }
  | { kind: 'wrong-method'; allowed: HttpMethod[] }
  | { kind: 'none' };

/** Finds the route for a request the way API Gateway's HTTP API does. */
export function matchRoute(method: string, path: string): RouteMatch {
  const onPath = COMPILED.map((route) => ({ route, match: route.pattern.exec(path) })).filter((r) => r.match);
  const hit = onPath.find(({ route }) => route.method === method);
  if (!hit) {
    return onPath.length
      ? { kind: 'wrong-method', allowed: onPath.map(({ route }) => route.method) }
      : { kind: 'none' };
  }
  const params = Object.fromEntries(hit.route.params.map((name, i) => [name, safeDecode(hit.match![i + 1]!)]));
  return { kind: 'route', id: hit.route.id, params };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // malformed escapes reach the handler as they are, and fail its validation
  }
}
