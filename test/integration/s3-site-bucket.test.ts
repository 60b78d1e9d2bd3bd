import { createHash, createHmac } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createS3Client } from '../../lambdas/adapters/aws/s3-client';
import { S3SiteBucket } from '../../lambdas/adapters/aws/s3-site-bucket';
import { LOCAL_REGION, type RunningEmulator, S3RVER_CREDENTIALS, startS3 } from '../../lambdas/local/emulators';
import type { SiteFile } from '../../lambdas/render/site-file';
import { CACHE_CONTROL } from '../../lambdas/render/site-hosting';

/** The publisher's bucket adapter (signed fetch, no S3 client) against s3rver, and against a server that throttles. */
let s3rver: RunningEmulator;
let reader: S3Client;

const bucket = (name = 'site') =>
  new S3SiteBucket({ bucket: name, endpoint: s3rver.endpoint, region: LOCAL_REGION, credentials: S3RVER_CREDENTIALS });
const file = (path: string, body: string, cache: SiteFile['cache'] = 'live'): SiteFile => ({
  path,
  body,
  contentType: 'text/html; charset=utf-8',
  cache,
});
const md5 = (body: string) => createHash('md5').update(body).digest('hex');

beforeAll(async () => {
  s3rver = await startS3({ buckets: ['site', 'many'] });
  reader = createS3Client({
    endpoint: s3rver.endpoint,
    region: LOCAL_REGION,
    credentials: S3RVER_CREDENTIALS,
    forcePathStyle: true,
  });
});
afterAll(async () => {
  reader?.destroy();
  await s3rver?.close();
});

describe('the site bucket on s3rver', () => {
  it('stores an object with its type and cache lifetime, and lists its MD5 as fingerprint', async () => {
    const site = bucket();
    const body = '<!doctype html><title>All systems operational</title>';
    await site.put(file('index.html', body));
    await site.put({ ...file('assets/refresh.js', 'refresh()', 'archive'), contentType: 'text/javascript' });

    const fingerprints = await site.fingerprints();
    expect(fingerprints.get('index.html')).toBe(md5(body));
    expect(fingerprints.get('assets/refresh.js')).toBe(md5('refresh()'));
    const stored = await reader.send(new GetObjectCommand({ Bucket: 'site', Key: 'index.html' }));
    expect(await stored.Body!.transformToString()).toBe(body);
    expect(stored.ContentType).toBe('text/html; charset=utf-8');
    expect(stored.CacheControl).toBe(CACHE_CONTROL.live);
    const asset = await reader.send(new HeadObjectCommand({ Bucket: 'site', Key: 'assets/refresh.js' }));
    expect(asset.ContentType).toBe('text/javascript');
    expect(asset.CacheControl).toBe(CACHE_CONTROL.archive);
  });

  it('round-trips keys with spaces, reserved characters and non-ASCII letters', async () => {
    const site = bucket();
    const keys = ['incidents/a b/status page.html', "café/😀 (1)!+&'*=.json", 'a&amp;b<c>.html'];
    for (const key of keys) await site.put(file(key, `body of ${key}`));

    const fingerprints = await site.fingerprints();
    for (const key of keys) {
      expect(fingerprints.get(key)).toBe(md5(`body of ${key}`));
      const stored = await reader.send(new GetObjectCommand({ Bucket: 'site', Key: key }));
      expect(await stored.Body!.transformToString()).toBe(`body of ${key}`);
    }
  });

  it('lists every object past the 1,000 of one page', async () => {
    const site = bucket('many');
    const keys = Array.from({ length: 1005 }, (_, i) => `incidents/page ${String(i).padStart(4, '0')} é.html`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((key) => site.put(file(key, key))));
    }

    const fingerprints = await site.fingerprints();
    expect(fingerprints.size).toBe(1005);
    expect(fingerprints.get(keys[1004]!)).toBe(md5(keys[1004]!));
    expect(fingerprints.get(keys[999]!)).toBe(md5(keys[999]!));
  });

  it("names the operation, the status and S3's code when the bucket does not exist", async () => {
    const gone = bucket('no-such-bucket');
    await expect(gone.put(file('index.html', 'x'))).rejects.toThrow(
      /PutObject no-such-bucket\/index\.html failed: HTTP 404 NoSuchBucket/,
    );
    await expect(gone.fingerprints()).rejects.toThrow(/ListObjects no-such-bucket\/ failed: HTTP 404 NoSuchBucket/);
  });

  it('fails with the cause when nothing answers (so the other copy is published)', async () => {
    const closed = await startS3({ buckets: ['site'] });
    await closed.close();
    const down = new S3SiteBucket({
      retries: 1,
      initialRetryDelayMs: 1,
      bucket: 'site',
      endpoint: closed.endpoint,
      region: LOCAL_REGION,
      credentials: S3RVER_CREDENTIALS,
    });
    await expect(down.fingerprints()).rejects.toThrow(/ListObjects site\/ failed: fetch failed \(ECONNREFUSED\)/);
  });
});

/** Node's hashes in the shape the SDK's signer takes. */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.hash.update(toBuffer(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}
const toBuffer = (data: string | ArrayBuffer | ArrayBufferView) =>
  typeof data === 'string'
    ? Buffer.from(data)
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

const FUNCTION_CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session-token' };
const REGION = 'eu-west-1';

/**
 * Signs the request again with the AWS SDK's own SigV4 signer (the S3 client's settings: path
 * encoded once), at the time and over the headers the request names, and compares. s3rver does not
 * check SigV4 signatures, so this is what proves S3 would accept them.
 */
async function signedAsS3Expects(request: IncomingMessage, body: Buffer): Promise<boolean> {
  const authorization = request.headers.authorization ?? '';
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
  const url = new URL(request.url!, `http://${request.headers.host}`);
  const signer = new SignatureV4({
    service: 's3',
    region: REGION,
    credentials: FUNCTION_CREDENTIALS,
    sha256: Sha256,
    uriEscapePath: false,
  });
  const amzDate = String(request.headers['x-amz-date']);
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13)}`,
  );
  const signed = await signer.sign(
    {
      method: request.method!,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(signedHeaders.map((name) => [name, String(request.headers[name])])),
      body,
    },
    { signingDate, signableHeaders: new Set(signedHeaders) },
  );
  return signed.headers.authorization === authorization;
}

describe('the site bucket on a server that checks signatures and throttles', () => {
  const requests: { method: string; url: string; headers: IncomingHttpHeaders; signed: boolean }[] = [];
  let slowDowns = 0;
  let resets = 0;
  let server: Server;
  let endpoint: string;

  const answer = (response: ServerResponse, status: number, xml: string) => {
    response.writeHead(status, { 'Content-Type': 'application/xml' });
    response.end(xml);
  };

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const signed = await signedAsS3Expects(request, Buffer.concat(chunks));
      requests.push({ method: request.method!, url: request.url!, headers: request.headers, signed });
      if (!signed) return answer(response, 403, '<Error><Code>SignatureDoesNotMatch</Code></Error>');
      if (resets > 0) {
        resets--;
        request.socket.destroy();
        return;
      }
      if (slowDowns > 0) {
        slowDowns--;
        return answer(
          response,
          503,
          '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
        );
      }
      if (request.method !== 'GET') return answer(response, 200, '');
      // Two pages: the second is asked for with the first page's last key as marker.
      const marker = new URL(request.url!, endpoint).searchParams.get('marker');
      answer(
        response,
        200,
        marker === null
          ? '<ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>incidents/a b &amp; é.html</Key><ETag>&quot;abc&quot;</ETag></Contents></ListBucketResult>'
          : `<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>index.html</Key><ETag>"def"</ETag></Contents><Marker>${marker}</Marker></ListBucketResult>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    vi.stubEnv('AWS_ACCESS_KEY_ID', FUNCTION_CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', FUNCTION_CREDENTIALS.secretAccessKey);
    vi.stubEnv('AWS_SESSION_TOKEN', FUNCTION_CREDENTIALS.sessionToken);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await new Promise((resolve) => server?.close(resolve));
  });

  // No credentials given: the function's own, from its environment, as on Lambda.
  const functionBucket = (retries = 3) =>
    new S3SiteBucket({ bucket: 'site', endpoint, region: REGION, retries, initialRetryDelayMs: 1 });

  it("signs with the function's credentials as S3 checks them, keys and markers with spaces and non-ASCII included", async () => {
    requests.length = 0;
    await functionBucket().put(file("café/😀 (1)!+&'*=.json", '{"ok":true}'));
    expect(await functionBucket().fingerprints()).toEqual(
      new Map([
        ['incidents/a b & é.html', 'abc'],
        ['index.html', 'def'],
      ]),
    );
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'PUT /site/caf%C3%A9/%F0%9F%98%80%20%281%29%21%2B%26%27%2A%3D.json',
      'GET /site/',
      'GET /site/?marker=incidents%2Fa%20b%20%26%20%C3%A9.html',
    ]);
    for (const request of requests) {
      expect(request.signed).toBe(true);
      expect(request.headers['x-amz-security-token']).toBe('session-token');
    }
    expect(requests[0]!.headers['x-amz-content-sha256']).toBe(createHash('sha256').update('{"ok":true}').digest('hex'));
  });

  it('retries a 503 SlowDown, signing each try again', async () => {
    requests.length = 0;
    slowDowns = 2;
    await functionBucket(3).put(file('index.html', 'ok'));
    expect(requests.map((r) => `${r.method} ${r.url} ${r.signed}`)).toEqual(Array(3).fill('PUT /site/index.html true'));
  });

  it('retries a connection the server dropped', async () => {
    requests.length = 0;
    resets = 1;
    await functionBucket(3).put(file('index.html', 'again'));
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(Array(2).fill('PUT /site/index.html'));
  });

  it('gives up after its retries, naming the code', async () => {
    slowDowns = 10;
    await expect(functionBucket(2).put(file('index.html', 'x'))).rejects.toThrow(
      /PutObject site\/index\.html failed: HTTP 503 SlowDown/,
    );
    slowDowns = 0;
  });
});
