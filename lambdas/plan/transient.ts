/** Network failures: the request may never have reached the provider, or its answer was lost. */
const NETWORK_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET']);

/**
 * A provider said "slow down", failed on its side, or could not be reached: worth another try
 * after a backoff (a permanent refusal, such as an invalid address, is not). Adapters may mark
 * their own errors `transient`; AWS SDK errors are recognised by name, status and network code
 * (a socket reset on a reused connection surfaces as `TimeoutError` with `ECONNRESET`).
 */
export function isTransient(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown; transient?: boolean; code?: number | string };
  if (e?.transient || e?.$retryable) return true;
  if (typeof e?.code === 'string' && NETWORK_ERRORS.has(e.code)) return true;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return true;
  // twitter-api-v2's ApiResponseError carries the HTTP status as `code`.
  if (typeof e?.code === 'number' && (e.code === 429 || e.code >= 500)) return true;
  if (/Throttl|TooManyRequests|ServiceUnavailable|RequestTimeout|InternalFailure/i.test(e?.name ?? '')) return true;
  return (e?.$metadata?.httpStatusCode ?? 0) >= 500;
}

/** Whether the provider refused for rate (as opposed to failing): counted apart, as throttling. */
export const isThrottling = (error: unknown): boolean =>
  /Throttl|TooManyRequests/i.test((error as { name?: string })?.name ?? '') || (error as { code?: number })?.code === 429;
