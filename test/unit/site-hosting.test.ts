import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  CORS_PREFLIGHT_CLOUDFRONT_FUNCTION,
  DIRECTORY_INDEX_CLOUDFRONT_FUNCTION,
  directoryIndex,
  isCrossOriginPath,
  preflightHeaders,
} from '../../lambdas/render/site-hosting';

const CASES: [string, string][] = [
  ['/', '/index.html'],
  ['/history/', '/history/index.html'],
  ['/history', '/history/index.html'],
  ['/incidents/abc123', '/incidents/abc123/index.html'],
  ['/incidents/abc123/', '/incidents/abc123/index.html'],
  ['/api/v2/summary.json', '/api/v2/summary.json'],
  ['/history.rss', '/history.rss'],
  ['/badge.svg', '/badge.svg'],
];

describe('directory indexes', () => {
  it.each(CASES)('serves %s as %s locally', (uri, expected) => {
    expect(directoryIndex(uri)).toBe(expected);
  });

  it('does the same in the CloudFront Function, run as CloudFront would', () => {
    for (const [uri, expected] of CASES) {
      const sandbox: { result?: { uri: string } } = {};
      runInNewContext(
        `${DIRECTORY_INDEX_CLOUDFRONT_FUNCTION}\nresult = handler({ request: { uri: ${JSON.stringify(uri)} } });`,
        sandbox,
      );
      expect(sandbox.result?.uri, uri).toBe(expected);
    }
  });

  it('uses nothing CloudFront Functions lack', () => {
    expect(DIRECTORY_INDEX_CLOUDFRONT_FUNCTION).not.toMatch(/\?\?|\?\.|=>|`|\bconst\b|\blet\b/);
  });
});

describe('the cross-origin surface', () => {
  it.each([
    ['/api/v2/summary.json', true],
    ['/api/v2/incidents/unresolved.json', true],
    ['/history.rss', true],
    ['/history.atom', true],
    ['/badge.svg', true],
    ['/maintenances.ics', true],
    ['/embed/banner.js', true],
    ['/', false],
    ['/index.html', false],
    ['/embed/', false],
    ['/incidents/abc/', false],
    ['/history/', false],
    ['/api/v2', false],
    ['/v1/health', false],
    ['/v1/status', false],
    ['/outage/', false],
  ])('%s is readable from other origins: %s', (path, expected) => {
    expect(isCrossOriginPath(path)).toBe(expected);
  });

  it('answers a preflight with the read methods and the plain headers asked for, nothing odd echoed', () => {
    expect(preflightHeaders('X-Requested-With, If-None-Match')).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, HEAD, OPTIONS',
      'access-control-allow-headers': 'X-Requested-With, If-None-Match',
      'access-control-max-age': '86400',
    });
    expect(preflightHeaders(undefined)).not.toHaveProperty('access-control-allow-headers');
    expect(preflightHeaders('x-a\r\nset-cookie: a=b')).not.toHaveProperty('access-control-allow-headers');
    expect(preflightHeaders('x,'.repeat(600))).not.toHaveProperty('access-control-allow-headers');
  });

  it('answers preflights the same way in the CloudFront Function, and lets every other request through', () => {
    const run = (request: object) => {
      const sandbox: { result?: unknown } = {};
      runInNewContext(
        `${CORS_PREFLIGHT_CLOUDFRONT_FUNCTION}\nresult = handler({ request: ${JSON.stringify(request)} });`,
        sandbox,
      );
      return sandbox.result;
    };
    expect(run({ method: 'OPTIONS', uri: '/badge.svg', headers: {} })).toEqual({
      statusCode: 204,
      statusDescription: 'No Content',
      headers: Object.fromEntries(Object.entries(preflightHeaders(undefined)).map(([k, v]) => [k, { value: v }])),
    });
    const get = { method: 'GET', uri: '/badge.svg', headers: { origin: { value: 'https://app.example' } } };
    expect(run(get)).toEqual(get);
    expect(CORS_PREFLIGHT_CLOUDFRONT_FUNCTION).not.toMatch(/\?\?|\?\.|=>|`|\bconst\b|\blet\b/);
  });
});
