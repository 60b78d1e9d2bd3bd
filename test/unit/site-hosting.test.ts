import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DIRECTORY_INDEX_CLOUDFRONT_FUNCTION, directoryIndex } from '../../lambdas/render/site-hosting';

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
      runInNewContext(`${DIRECTORY_INDEX_CLOUDFRONT_FUNCTION}\nresult = handler({ request: { uri: ${JSON.stringify(uri)} } });`, sandbox);
      expect(sandbox.result?.uri, uri).toBe(expected);
    }
  });

  it('uses nothing CloudFront Functions lack', () => {
    expect(DIRECTORY_INDEX_CLOUDFRONT_FUNCTION).not.toMatch(/\?\?|\?\.|=>|`|\bconst\b|\blet\b/);
  });
});
