import { ProviderUnavailableError } from '../core/errors';

/**
 * Worth another try after a backoff: a provider that could not take the message now (adapters
 * translate their SDK's errors into ProviderUnavailableError), or one of the plan's own errors
 * marked `transient` (a webhook answering 5xx, a batch held by another worker).
 */
export function isTransient(error: unknown): boolean {
  return error instanceof ProviderUnavailableError || (error as { transient?: unknown })?.transient === true;
}

/** Whether the provider refused for rate (as opposed to failing): counted apart, as throttling. */
export const isThrottling = (error: unknown): boolean => error instanceof ProviderUnavailableError && error.throttled;
