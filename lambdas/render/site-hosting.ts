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
export function directoryIndex(uri: string): string {
  if (uri.charAt(uri.length - 1) === '/') return uri + 'index.html';
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  return last.indexOf('.') === -1 ? uri + '/index.html' : uri;
}

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
