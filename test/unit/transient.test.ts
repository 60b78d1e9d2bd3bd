import { describe, expect, it } from 'vitest';
import { isThrottling, isTransient } from '../../lambdas/plan/transient';

const error = (fields: Record<string, unknown>) => Object.assign(new Error('x'), fields);

describe('which provider errors are worth another try', () => {
  it('retries throttling, server errors and network failures', () => {
    expect(isTransient(error({ name: 'TooManyRequestsException' }))).toBe(true); // SES
    expect(isTransient(error({ name: 'Throttling' }))).toBe(true); // SNS
    expect(isTransient(error({ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }))).toBe(true);
    expect(isTransient(error({ name: 'Whatever', $metadata: { httpStatusCode: 503 } }))).toBe(true);
    // What the SDK throws when a reused keep-alive socket was closed, or nothing listens.
    expect(isTransient(error({ name: 'TimeoutError', code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient(error({ name: 'Error', code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransient(error({ code: 429 }))).toBe(true); // twitter-api-v2
  });

  it('does not retry a refusal that will not change', () => {
    expect(isTransient(error({ name: 'MessageRejected', $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(isTransient(error({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(isTransient(error({ code: 403 }))).toBe(false);
  });

  it('counts only rate refusals as throttling', () => {
    expect(isThrottling(error({ name: 'TooManyRequestsException' }))).toBe(true);
    expect(isThrottling(error({ name: 'TimeoutError', code: 'ECONNRESET' }))).toBe(false);
  });
});
