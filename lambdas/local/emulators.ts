import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

/** Credentials the local emulators accept; they check nothing, the SDK just needs some. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
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
