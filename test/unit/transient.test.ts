import { describe, expect, it } from 'vitest';
import { translateProviderError } from '../../lambdas/adapters/provider-errors';
import { ProviderUnavailableError } from '../../lambdas/core/errors';
import { isThrottling, isTransient } from '../../lambdas/plan/transient';

const error = (fields: Record<string, unknown>) => Object.assign(new Error('x'), fields);
/** What the plan sees of an SDK's error once its adapter has translated it. */
const seen = (fields: Record<string, unknown>) => translateProviderError('SES', error(fields));

describe('which provider errors are worth another try', () => {
  it('retries throttling, server errors and network failures', () => {
    expect(isTransient(seen({ name: 'TooManyRequestsException' }))).toBe(true); // SES
    expect(isTransient(seen({ name: 'Throttling' }))).toBe(true); // SNS
    expect(isTransient(seen({ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }))).toBe(true);
    expect(isTransient(seen({ name: 'Whatever', $metadata: { httpStatusCode: 503 } }))).toBe(true);
    // What the SDK throws when a reused keep-alive socket was closed, or nothing listens.
    expect(isTransient(seen({ name: 'TimeoutError', code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient(seen({ name: 'Error', code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransient(seen({ code: 429 }))).toBe(true); // twitter-api-v2
  });

  it('does not retry a refusal that will not change', () => {
    expect(isTransient(seen({ name: 'MessageRejected', $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(isTransient(seen({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(isTransient(seen({ code: 403 }))).toBe(false);
  });

  it('counts only rate refusals as throttling', () => {
    expect(isThrottling(seen({ name: 'TooManyRequestsException' }))).toBe(true);
    expect(isThrottling(seen({ name: 'TimeoutError', code: 'ECONNRESET' }))).toBe(false);
  });

  it('keeps what the provider said: the translated error names it and carries the original as its cause', () => {
    const original = error({ name: 'Throttling', message: 'Rate exceeded' });
    const translated = translateProviderError('SNS', original);
    expect(translated).toBeInstanceOf(ProviderUnavailableError);
    expect((translated as Error).message).toBe('SNS: Throttling: Rate exceeded');
    expect((translated as Error).cause).toBe(original);
    const refusal = error({ name: 'MessageRejected' });
    expect(translateProviderError('SES', refusal)).toBe(refusal);
  });

  it('reads no provider shapes itself: an untranslated SDK error is not retried by the plan', () => {
    expect(isTransient(error({ name: 'TooManyRequestsException' }))).toBe(false);
  });
});
