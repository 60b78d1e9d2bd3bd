/**
 * A provider said "slow down" or failed on its side: worth another try after a backoff. Adapters
 * may mark their own errors `transient`; AWS SDK errors are recognised by name and status.
 */
export function isTransient(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; transient?: boolean; code?: number };
  if (e?.transient) return true;
  // twitter-api-v2's ApiResponseError carries the HTTP status as `code`.
  if (typeof e?.code === 'number' && (e.code === 429 || e.code >= 500)) return true;
  if (/Throttl|TooManyRequests|ServiceUnavailable|RequestTimeout|InternalFailure/i.test(e?.name ?? '')) return true;
  return (e?.$metadata?.httpStatusCode ?? 0) >= 500;
}

/** Whether the provider refused for rate (as opposed to failing): counted apart, as throttling. */
export const isThrottling = (error: unknown): boolean =>
  /Throttl|TooManyRequests/i.test((error as { name?: string })?.name ?? '') || (error as { code?: number })?.code === 429;
