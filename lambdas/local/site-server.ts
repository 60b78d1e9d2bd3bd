import type { IncomingMessage, ServerResponse } from 'node:http';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  CORS_HEADERS,
  directoryIndex,
  isCrossOriginPath,
  preflightHeaders,
  SITE_SECURITY_HEADERS,
} from '../render/site-hosting';

/**
 * Serves the status site from the bucket the way CloudFront does: directory paths get their
 * index.html, a missing object gets the site's own 404 page, and every answer carries the same
 * security headers. The read-only public surface (Statuspage JSON, feeds, badge, banner script)
 * is readable from any origin, preflights included, as at the edge; nothing else is.
 */
export async function serveSite(
  s3: S3Client,
  bucket: string,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const crossOrigin = isCrossOriginPath(url.pathname);
  if (crossOrigin && request.method === 'OPTIONS') {
    const asked = request.headers['access-control-request-headers'];
    response.writeHead(204, {
      ...SITE_SECURITY_HEADERS,
      ...preflightHeaders(Array.isArray(asked) ? asked.join(', ') : asked),
    });
    response.end();
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, {
      allow: crossOrigin ? 'GET, HEAD, OPTIONS' : 'GET, HEAD',
      'content-type': 'text/plain; charset=utf-8',
      ...(crossOrigin ? CORS_HEADERS : {}),
    });
    response.end('Method Not Allowed');
    return;
  }
  let key: string;
  try {
    key = directoryIndex(decodeURIComponent(url.pathname)).slice(1);
  } catch {
    key = '404.html';
  }
  const found = (await read(s3, bucket, key)) ?? (await read(s3, bucket, '404.html'));
  const status = found?.key === key ? 200 : 404;
  const body = found?.body ?? Buffer.from('Not Found');
  response.writeHead(status, {
    ...SITE_SECURITY_HEADERS,
    ...(crossOrigin ? CORS_HEADERS : {}),
    'content-type': found?.contentType ?? 'text/plain; charset=utf-8',
    'cache-control': found?.cacheControl ?? 'no-store',
    'content-length': body.length,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

async function read(s3: S3Client, bucket: string, key: string) {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = Buffer.from(await object.Body!.transformToByteArray());
    return { key, body, contentType: object.ContentType, cacheControl: object.CacheControl };
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
}
