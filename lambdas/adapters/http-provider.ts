/**
 * A provider's refusal over plain HTTP, shaped as provider-errors reads it: `code` is the HTTP
 * status (429 and 5xx are worth another try, other 4xx are not), `name` the provider's own error
 * name when it gave one (XRPC's `ExpiredToken`), `retryAfterMs` what its Retry-After said.
 */
export class HttpProviderError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly errorName: string | undefined,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
    this.name = 'HttpProviderError';
  }
}

/** Retry-After as seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** POSTs JSON (nothing when `body` is undefined) and reads JSON back; anything but 2xx throws HttpProviderError. */
export async function postJson<T>(
  provider: string,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  }).catch((error: unknown) => {
    // fetch says only "fetch failed"; the socket's error (ECONNRESET, ...) is its cause.
    throw (error as { cause?: unknown }).cause ?? error;
  });
  const text = await response.text();
  if (response.ok) return JSON.parse(text) as T;
  let answer: { error?: unknown; message?: unknown } = {};
  try {
    answer = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  const name = typeof answer.error === 'string' ? answer.error : undefined;
  const detail = typeof answer.message === 'string' ? answer.message : (name ?? text.slice(0, 200));
  throw new HttpProviderError(
    `${provider} answered ${response.status}: ${detail}`,
    response.status,
    name,
    retryAfter(response.headers.get('retry-after')),
  );
}
