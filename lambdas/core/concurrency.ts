import { ConcurrentModificationError, VersionConflictError } from './errors';
import { type RetryOptions, withRetry } from './retry';

const DEFAULTS = { attempts: 10, baseDelayMs: 10, maxDelayMs: 200 };

/**
 * Optimistic concurrency, the one way: run a read-modify-conditional-write, and when another
 * writer got there first, run it again after a jittered backoff. If the race is lost every time,
 * the client is told to retry (409), never left with a half-applied change.
 */
export function retryOnConflict<T>(
  what: string,
  attempt: () => Promise<T>,
  options: Partial<Omit<RetryOptions, 'retryable'>> = {},
): Promise<T> {
  return withRetry(attempt, {
    ...DEFAULTS,
    ...options,
    retryable: (error) => error instanceof VersionConflictError,
  }).catch((error: unknown) => {
    if (error instanceof VersionConflictError) {
      throw new ConcurrentModificationError(`${what} is being changed by others; try again`, { cause: error });
    }
    throw error;
  });
}
