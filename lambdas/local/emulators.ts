import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynalite from 'dynalite';
import S3rver from 's3rver';

/** Credentials dynalite accepts (it checks nothing; the SDK just needs some). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
/** The only credentials s3rver accepts. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const LOCAL_REGION = 'us-east-1';

export interface RunningEmulator {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * DynamoDB, locally: dynalite speaks DynamoDB's wire protocol. With `path` the data lives in that
 * folder and survives restarts; without, it is in memory (tests).
 */
export async function startDynamoDb(options: { path?: string | undefined } = {}): Promise<RunningEmulator> {
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path ? { path: options.path } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * S3, locally: s3rver speaks S3's REST protocol and keeps objects as files. With `directory` they
 * survive restarts; without, they go in a temporary folder removed on close.
 */
export async function startS3(options: {
  directory?: string | undefined;
  buckets: string[];
}): Promise<RunningEmulator> {
  const temporary = options.directory ? undefined : await mkdtemp(join(tmpdir(), 'lifeboat-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: options.directory ?? temporary!,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.close();
      if (temporary) await rm(temporary, { recursive: true, force: true });
    },
  };
}

/**
 * SES, locally: aws-ses-v2-local accepts the SES v2 API and keeps every message it was given
 * (GET /store). It is CommonJS, and its store lives in this process.
 */
export async function startSes(): Promise<RunningEmulator> {
  const imported = (await import('aws-ses-v2-local')) as unknown as {
    default:
      | ((config: { host: string; port: number }) => Promise<import('node:http').Server>)
      | { default: (config: { host: string; port: number }) => Promise<import('node:http').Server> };
  };
  const start = typeof imported.default === 'function' ? imported.default : imported.default.default;
  const server = await start({ host: '127.0.0.1', port: 0 });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
