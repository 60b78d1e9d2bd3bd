import { randomUUID } from 'node:crypto';
import { withRetry } from '../core/retry';

/** The problem+json document the API answers a refused request with. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** The API refused the request (4xx) or failed (5xx). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
}

/** The API could not be reached at all. */
export class UnreachableError extends Error {
  constructor(
    readonly url: string,
    options: { cause: unknown },
  ) {
    super(`Cannot reach Lifeboat at ${url}`, options);
    this.name = 'UnreachableError';
  }
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/**
 * A small client for the management API. Every write carries an Idempotency-Key, so retrying it
 * after a network failure or a 5xx can never declare or update twice.
 */
export class LifeboatClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string | undefined,
    private readonly options: { attempts?: number; fetch?: typeof fetch } = {},
  ) {}

  get<T>(path: string): Promise<T> {
    return this.send<T>('GET', path);
  }

  post<T>(path: string, body: unknown, idempotencyKey: string = randomUUID()): Promise<T> {
    return this.send<T>('POST', path, body, idempotencyKey);
  }

  put<T>(path: string, body: unknown, idempotencyKey: string = randomUUID()): Promise<T> {
    return this.send<T>('PUT', path, body, idempotencyKey);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('PATCH', path, body);
  }

  private send<T>(method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<T> {
    const url = new URL(path.replace(/^\//, ''), this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    const headers: Record<string, string> = { accept: 'application/json', 'x-lifeboat-client': 'cli' };
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const doFetch = this.options.fetch ?? fetch;

    return withRetry(
      async () => {
        let response: Response;
        try {
          response = await doFetch(url, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: AbortSignal.timeout(15_000),
          });
        } catch (error) {
          throw new UnreachableError(this.baseUrl, { cause: error });
        }
        const text = await response.text();
        const parsed = text ? safeJson(text) : undefined;
        if (response.ok) return parsed as T;
        throw new ApiError(
          isProblem(parsed) ? parsed : { type: 'about:blank', title: response.statusText, status: response.status },
        );
      },
      {
        attempts: this.options.attempts ?? 4,
        baseDelayMs: 250,
        maxDelayMs: 4000,
        // Reads are safe to repeat; writes are safe because they carry an Idempotency-Key.
        retryable: (error) =>
          (method === 'GET' || idempotencyKey !== undefined) &&
          (error instanceof UnreachableError ||
            (error instanceof ApiError && RETRYABLE_STATUS.has(error.problem.status))),
      },
    );
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isProblem = (value: unknown): value is Problem =>
  typeof value === 'object' && value !== null && typeof (value as Problem).status === 'number';
