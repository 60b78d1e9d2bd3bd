import { ProviderUnavailableError } from '../core/errors';

/** Network failures: the request may never have reached the provider, or its answer was lost. */
const NETWORK_ERRORS = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);

type ProviderErrorShape = {
  name?: string;
  message?: string;
  /** AWS SDK v3: the HTTP status, and whether the SDK itself deems the error retryable. */
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
  /** node's network errors (a string), or the HTTP status (a number: twitter-api-v2, HttpProviderError). */
  code?: number | string;
  /** What the provider's Retry-After said, when it said it. */
  retryAfterMs?: number;
};

/** A refusal for rate: SES's TooManyRequestsException, SNS's Throttling, HTTP 429. */
function isThrottling(e: ProviderErrorShape): boolean {
  return /Throttl|TooManyRequests/i.test(e.name ?? '') || e.code === 429 || e.$metadata?.httpStatusCode === 429;
}

/**
 * Whether an SDK's error is worth another try: throttling, a failure on the provider's side, or a
 * network failure (a socket reset on a reused connection surfaces as `TimeoutError` with
 * `ECONNRESET`). A permanent refusal, such as an invalid address, is not.
 */
function isTransient(e: ProviderErrorShape): boolean {
  if (isThrottling(e) || e.$retryable) return true;
  if (typeof e.code === 'string' && NETWORK_ERRORS.has(e.code)) return true;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  if (typeof e.code === 'number' && e.code >= 500) return true;
  if (/ServiceUnavailable|RequestTimeout|InternalFailure/i.test(e.name ?? '')) return true;
  return (e.$metadata?.httpStatusCode ?? 0) >= 500;
}

/** An SDK's error as the application sees it: ProviderUnavailableError when a retry may succeed, else unchanged. */
export function translateProviderError(provider: string, error: unknown): unknown {
  if (error instanceof ProviderUnavailableError || typeof error !== 'object' || error === null) return error;
  const e = error as ProviderErrorShape;
  if (!isTransient(e)) return error;
  return new ProviderUnavailableError(`${provider}: ${e.name ?? 'error'}: ${e.message ?? ''}`.trim(), {
    throttled: isThrottling(e),
    cause: error,
    retryAfterMs: e.retryAfterMs,
  });
}

/** Runs one call to a provider, translating what it throws. */
export async function callProvider<T>(provider: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateProviderError(provider, error);
  }
}
