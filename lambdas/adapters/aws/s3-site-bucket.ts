import { createHash } from 'node:crypto';
import { AwsClient } from 'aws4fetch';
import type { SiteBucket } from '../../publish/ports';
import type { SiteFile } from '../../render/site-file';
import { CACHE_CONTROL } from '../../render/site-hosting';
import { errorCode, parseListObjects } from './s3-xml';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export interface S3SiteBucketOptions {
  bucket: string;
  /** The bucket's region; AWS_REGION when not given (the replica bucket names its own). */
  region?: string | undefined;
  /** An S3-compatible server (s3rver locally), addressed path-style. Without it, the bucket on AWS. */
  endpoint?: string | undefined;
  /** Fixed, or asked for before each call (a CLI's profile). The function's own, from its environment, when not given. */
  credentials?: S3Credentials | (() => Promise<S3Credentials>) | undefined;
  /**
   * Retries of a 5xx or 429 answer (503 SlowDown is S3's throttling) or of a connection that
   * failed, with exponential backoff and full jitter. 4 by default.
   */
  retries?: number | undefined;
  initialRetryDelayMs?: number | undefined;
}

/** Lambda hands a function its role's credentials in these variables. */
const credentialsFromEnvironment = async (): Promise<S3Credentials> => {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env;
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY) throw new Error('No AWS credentials in the environment');
  return { accessKeyId: AWS_ACCESS_KEY_ID, secretAccessKey: AWS_SECRET_ACCESS_KEY, sessionToken: AWS_SESSION_TOKEN };
};

/** S3's URI encoding: every byte but the unreserved characters, per path segment, once. */
export const encodeKey = (key: string): string =>
  key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');

/**
 * The status site's bucket. Objects are single-part PUTs with S3-managed encryption, so their
 * ETag is the MD5 of their content: one listing tells what changed, without reading any object.
 *
 * Two REST calls signed with aws4fetch rather than the S3 client: the client's schemas, error
 * registry and endpoint rules load with it, and weighed more than the rest of the publisher.
 */
export class S3SiteBucket implements SiteBucket {
  private readonly baseUrl: string;
  private readonly region: string;
  private readonly credentials: () => Promise<S3Credentials>;
  private readonly retries: number;
  private readonly initialRetryDelayMs: number;
  /** aws4fetch caches the signing key per secret and day here, across clients. */
  private readonly signingKeys = new Map<string, ArrayBuffer>();

  constructor(private readonly options: S3SiteBucketOptions) {
    const region = options.region ?? process.env.AWS_REGION;
    if (!region) throw new Error(`No region for the bucket ${options.bucket}: set AWS_REGION or pass one`);
    this.region = region;
    // Bucket names here are DNS-safe (CDK-generated), so the virtual-hosted address always works.
    this.baseUrl = options.endpoint
      ? `${options.endpoint.replace(/\/+$/, '')}/${options.bucket}/`
      : `https://${options.bucket}.s3.${region}.amazonaws.com/`;
    const { credentials } = options;
    this.credentials =
      credentials === undefined
        ? credentialsFromEnvironment
        : typeof credentials === 'function'
          ? credentials
          : async () => credentials;
    this.retries = options.retries ?? 4;
    this.initialRetryDelayMs = options.initialRetryDelayMs ?? 100;
  }

  /**
   * Pages with ListObjects (v1) and the last key as marker: s3rver encrypts ListObjectsV2
   * continuation tokens with DES, which current OpenSSL no longer offers, so V2 fails locally
   * past 1,000 objects. S3 serves both the same.
   */
  async fingerprints(): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    let marker: string | undefined;
    for (;;) {
      // Encoded by hand: URLSearchParams writes a space as '+', which S3 reads as a plus sign.
      const query = marker === undefined ? '' : `?marker=${encodeKey(marker).replaceAll('/', '%2F')}`;
      const response = await this.send('ListObjects', '', { method: 'GET' }, query);
      const page = parseListObjects(await response.text());
      for (const object of page.objects) found.set(object.key, object.etag);
      marker = page.objects.at(-1)?.key;
      if (!page.isTruncated || marker === undefined) return found;
    }
  }

  async put(file: SiteFile): Promise<void> {
    const response = await this.send('PutObject', file.path, {
      method: 'PUT',
      body: file.body,
      headers: {
        'Content-Type': file.contentType,
        'Cache-Control': CACHE_CONTROL[file.cache],
        // The payload is signed, so S3 refuses a body changed on the way.
        'X-Amz-Content-Sha256': createHash('sha256').update(file.body).digest('hex'),
      },
    });
    await response.body?.cancel();
  }

  /** One signed call; a non-2xx answer throws, naming the operation, the status and S3's code. */
  private async send(operation: string, key: string, init: RequestInit, query = ''): Promise<Response> {
    const { accessKeyId, secretAccessKey, sessionToken } = await this.credentials();
    const client = new AwsClient({
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
      service: 's3',
      region: this.region,
      cache: this.signingKeys,
      // Retried here instead: aws4fetch's own retries skip a failed connection and leave bodies unread.
      retries: 0,
    });
    const target = `${this.options.bucket}/${key}`;
    let response: Response;
    try {
      response = await this.withRetries(() => client.fetch(`${this.baseUrl}${encodeKey(key)}${query}`, init));
    } catch (error) {
      // fetch says only "fetch failed": the reason (ECONNREFUSED...) is on its cause.
      const reason = ((error as Error).cause as { code?: string } | undefined)?.code;
      const message = `${(error as Error).message}${reason ? ` (${reason})` : ''}`;
      throw new Error(`S3 ${operation} ${target} failed: ${message}`, { cause: error });
    }
    if (response.ok) return response;
    const code = errorCode(await response.text().catch(() => ''));
    throw new Error(`S3 ${operation} ${target} failed: HTTP ${response.status}${code ? ` ${code}` : ''}`);
  }

  /** Both calls are idempotent (a PUT of the same body, a read), so any of them may be repeated. */
  private async withRetries(call: () => Promise<Response>): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.retries;
      try {
        const response = await call();
        if (last || !(response.status >= 500 || response.status === 429)) return response;
        await response.body?.cancel();
      } catch (error) {
        if (last) throw error;
      }
      const delayMs = Math.random() * this.initialRetryDelayMs * 2 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
