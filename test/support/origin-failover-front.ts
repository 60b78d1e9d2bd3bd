import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { directoryIndex, ORIGIN_ERROR_PAGE } from '../../lambdas/render/site-hosting';

export interface BucketOrigin {
  /** s3rver's endpoint, e.g. http://127.0.0.1:4568 */
  endpoint: string;
  bucket: string;
}

export interface FailoverFront {
  url: string;
  /** Which origin answered each request, in order. */
  served: ('primary' | 'fallback')[];
  close(): Promise<void>;
}

/**
 * A stand-in for CloudFront's origin group, for tests: each GET goes to the primary bucket, and to
 * the fallback when the primary cannot be reached or answers with one of `failoverStatusCodes`
 * (the list the distribution is configured with). When both refuse, the site's 404 page is served,
 * as the distribution's error responses do. No caching: every request reaches an origin.
 */
export async function startFailoverFront(options: {
  primary: BucketOrigin;
  fallback: BucketOrigin;
  failoverStatusCodes: readonly number[];
}): Promise<FailoverFront> {
  const served: FailoverFront['served'] = [];
  const fromOrigin = async (origin: BucketOrigin, key: string): Promise<Response | undefined> => {
    try {
      // s3rver serves anonymous GETs of objects in path style, as S3 does behind origin access control.
      return await fetch(`${origin.endpoint}/${origin.bucket}/${key}`);
    } catch {
      return undefined; // refused or reset: CloudFront counts a connection failure as a reason to fail over
    }
  };
  const fetchWithFailover = async (key: string) => {
    const primary = await fromOrigin(options.primary, key);
    if (primary && !options.failoverStatusCodes.includes(primary.status))
      return { response: primary, from: 'primary' as const };
    await primary?.body?.cancel();
    return { response: await fromOrigin(options.fallback, key), from: 'fallback' as const };
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://front');
      let { response: answer, from } = await fetchWithFailover(directoryIndex(url.pathname).slice(1));
      let status = answer?.status ?? 502;
      if ((ORIGIN_ERROR_PAGE.statuses as readonly number[]).includes(status)) {
        await answer?.body?.cancel();
        ({ response: answer, from } = await fetchWithFailover(ORIGIN_ERROR_PAGE.path.slice(1)));
        status = answer?.ok ? ORIGIN_ERROR_PAGE.status : (answer?.status ?? 502);
      }
      served.push(from);
      const body = answer ? Buffer.from(await answer.arrayBuffer()) : Buffer.from('Bad Gateway');
      response.writeHead(status, {
        'content-type': answer?.headers.get('content-type') ?? 'text/plain',
        'cache-control': answer?.headers.get('cache-control') ?? 'no-store',
        'x-served-from': from,
      });
      response.end(body);
    })().catch(() => {
      response.writeHead(502).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
