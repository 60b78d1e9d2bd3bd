/**
 * How the site is served, shared by the CloudFront distribution and the local server so the two
 * behave alike.
 */

/** Content Security Policy: nothing from third parties; inline CSS; scripts only from the site. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'self'; " +
  "form-action 'self' https:; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/** Headers every page is served with (CloudFront's response headers policy; the local server). */
export const SITE_SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
} as const;

/**
 * /history/ → /history/index.html, /incidents/abc → /incidents/abc/index.html.
 * Written in plain ES5 because its source also runs as a CloudFront Function.
 */
// biome-ignore-start lint/style/useTemplate: ES5 for CloudFront Functions, which have no template literals
export function directoryIndex(uri: string): string {
  if (uri.charAt(uri.length - 1) === '/') return uri + 'index.html';
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  return last.indexOf('.') === -1 ? uri + '/index.html' : uri;
}
// biome-ignore-end lint/style/useTemplate: ES5 for CloudFront Functions, which have no template literals

/** The same rule as a CloudFront Function (cloudfront-js-2.0), generated from the function above. */
export const DIRECTORY_INDEX_CLOUDFRONT_FUNCTION = `var directoryIndex = ${directoryIndex.toString()};
function handler(event) {
  event.request.uri = directoryIndex(event.request.uri);
  return event.request;
}`;

/** How long each kind of file may be cached, at the edge and in browsers. */
export const CACHE_CONTROL = {
  /** Changes with every incident: short, and served stale while CloudFront revalidates or the origin fails. */
  live: 'public, max-age=30, stale-while-revalidate=60, stale-if-error=86400',
  /** Rarely changes once written (resolved incidents, past months): invalidated when it does. */
  archive: 'public, max-age=3600, stale-while-revalidate=86400, stale-if-error=604800',
} as const;
export type CacheClass = keyof typeof CACHE_CONTROL;

/**
 * The read-only public surface other origins may read (CloudFront path patterns: `*` matches any
 * characters, `/` included): the Statuspage JSON, the feeds, the badge, the iCal feed of
 * maintenances (when there is one) and the embeddable banner script (CORS lets a host page load it
 * with `crossorigin` and Subresource Integrity). HTML pages and the management API (`/v1/*`) are
 * not on it: the API stays same-origin and key-protected.
 */
export const CROSS_ORIGIN_PATHS = [
  '/api/v2/*',
  '/history.rss',
  '/history.atom',
  '/badge.svg',
  '/maintenances.ics',
  '/embed/banner.js',
] as const;

/** Whether a request path is on the cross-origin surface, matched as CloudFront matches its patterns. */
export function isCrossOriginPath(path: string): boolean {
  return CROSS_ORIGIN_PATHS.some((pattern) =>
    pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern,
  );
}

/** What cross-origin readers may do: read, and ask first. No credentials, so `*` is safe. */
export const CORS_ALLOWED_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;
/** How long a browser may keep a preflight answer. */
export const CORS_MAX_AGE_SECONDS = 86400;
/** Added to every answer on the cross-origin surface. */
export const CORS_HEADERS = { 'access-control-allow-origin': '*' } as const;

/**
 * The headers of a 204 answer to a CORS preflight: any origin, the read methods, and the headers
 * the browser asked for when they are plain header names (anything else is left out, so nothing
 * odd is echoed back). Written in plain ES5 because its source also runs as a CloudFront Function.
 */
export function preflightHeaders(requestedHeaders: string | undefined): Record<string, string> {
  var headers: Record<string, string> = {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, HEAD, OPTIONS',
    'access-control-max-age': '86400',
  };
  if (requestedHeaders && requestedHeaders.length <= 1024 && /^[\w-]+(\s*,\s*[\w-]+)*$/.test(requestedHeaders.trim())) {
    headers['access-control-allow-headers'] = requestedHeaders.trim();
  }
  return headers;
}

/**
 * Answers CORS preflights at the edge on the cross-origin paths (the private bucket, having no
 * CORS rules, would answer OPTIONS with 403); every other request goes on to the origin unchanged.
 * A CloudFront Function (cloudfront-js-2.0), generated from the function above.
 */
export const CORS_PREFLIGHT_CLOUDFRONT_FUNCTION = `var preflightHeaders = ${preflightHeaders.toString()};
function handler(event) {
  var request = event.request;
  if (request.method !== 'OPTIONS') return request;
  var asked = request.headers['access-control-request-headers'];
  var headers = preflightHeaders(asked ? asked.value : undefined);
  var out = {};
  for (var name in headers) out[name] = { value: headers[name] };
  return { statusCode: 204, statusDescription: 'No Content', headers: out };
}`;

/**
 * The answers from the primary bucket on which CloudFront's origin group asks the replica bucket in
 * the second region instead: any 5xx (the region or S3 failing), and 403/404 (a bucket emptied, or
 * an object missing there, which S3 answers with 403 when the reader may not list). The test front
 * that simulates the origin group uses the same list.
 */
export const ORIGIN_FAILOVER_STATUS_CODES = [500, 502, 503, 504, 403, 404] as const;

/** Where a viewer's error ends up once both origins refused: the site's own 404 page, as a 404. */
export const ORIGIN_ERROR_PAGE = { statuses: [403, 404], path: '/404.html', status: 404 } as const;
