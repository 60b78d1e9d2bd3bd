import type { DomainEvent } from '../../lambdas/core/events';
import { type LocalService, type LocalServiceOptions, startLocalService } from '../../lambdas/local/local-service';
import { testConfig } from './config';

export const WRITE_KEY = 'test-write-key';
export const READ_KEY = 'test-read-key';

/** A fetch Response whose JSON tests may inspect freely. */
export type TestResponse = Omit<Response, 'json'> & { json(): Promise<any> };

export interface TestService extends LocalService {
  /** Every domain event published so far, in order. */
  published: DomainEvent[];
  /** fetch against the service with a key (write by default) and JSON in and out. */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; key?: string | null; headers?: Record<string, string> },
  ): Promise<TestResponse>;
}

/** The real local service (handlers, dynalite) on a port the OS picks, with a read and a write key. */
export async function startTestService(overrides: Partial<LocalServiceOptions> = {}): Promise<TestService> {
  const service = await startLocalService({
    config: testConfig,
    apiKeys: [
      { key: WRITE_KEY, name: 'on-call', scope: 'write' },
      { key: READ_KEY, name: 'dashboard', scope: 'read' },
    ],
    logLevel: 'SILENT',
    schedulerTickMs: 0,
    ...overrides,
  });
  const published: DomainEvent[] = [];
  service.events.subscribe((event) => {
    published.push(event);
  });
  return {
    ...service,
    published,
    call: (method, path, options = {}) => {
      const headers: Record<string, string> = { ...options.headers };
      const key = options.key === undefined ? WRITE_KEY : options.key;
      if (key !== null) headers.authorization = `Bearer ${key}`;
      let body: string | undefined;
      if (options.body !== undefined) {
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
        headers['content-type'] = 'application/json';
      }
      return fetch(`${service.url}${path}`, { method, headers, body });
    },
  };
}
