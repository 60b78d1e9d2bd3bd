import { describe, expect, it, vi } from 'vitest';
import { deriveId, fingerprint, newId } from '../../lambdas/core/ids';
import { withRetry } from '../../lambdas/core/retry';

describe('ids', () => {
  it('makes 12-character lowercase ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, newId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]{12}$/);
  });

  it('derives the same id from the same seed and different ids from different seeds', () => {
    expect(deriveId('incident', 'api', 'k1')).toBe(deriveId('incident', 'api', 'k1'));
    expect(deriveId('incident', 'api', 'k1')).not.toBe(deriveId('incident', 'api', 'k2'));
    // Parts are separated, so shifting text between them gives another id.
    expect(deriveId('ab', 'c')).not.toBe(deriveId('a', 'bc'));
  });

  it('fingerprints a request independently of key order and of undefined fields', () => {
    expect(fingerprint({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(
      fingerprint({ b: { d: 'x', c: [1, 2] }, a: 1, e: undefined }),
    );
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
  });
});

describe('retry with backoff and jitter', () => {
  const retryable = (e: unknown) => (e as Error).message === 'again';

  it('retries retryable errors with delays under an exponential cap', async () => {
    const delays: number[] = [];
    const operation = vi.fn(async (attempt: number) => {
      if (attempt < 5) throw new Error('again');
      return 'done';
    });
    const result = await withRetry(operation, {
      attempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 500,
      retryable,
      sleep: async (ms) => void delays.push(ms),
      random: () => 0.999,
    });
    expect(result).toBe('done');
    expect(operation).toHaveBeenCalledTimes(5);
    expect(delays.map(Math.round)).toEqual([100, 200, 400, 500]);
  });

  it('draws each delay at random below the cap (full jitter)', async () => {
    const delays: number[] = [];
    const randoms = [0.5, 0.1];
    await withRetry(
      async (attempt) => {
        if (attempt < 3) throw new Error('again');
      },
      {
        attempts: 3,
        baseDelayMs: 100,
        maxDelayMs: 1000,
        retryable,
        sleep: async (ms) => void delays.push(ms),
        random: () => randoms.shift()!,
      },
    );
    expect(delays).toEqual([50, 20]);
  });

  it('gives up after the last attempt and rethrows', async () => {
    await expect(
      withRetry(async () => Promise.reject(new Error('again')), {
        attempts: 3,
        baseDelayMs: 1,
        maxDelayMs: 1,
        retryable,
        sleep: async () => {},
      }),
    ).rejects.toThrow('again');
  });

  it('does not retry other errors', async () => {
    const operation = vi.fn(async () => Promise.reject(new Error('fatal')));
    await expect(withRetry(operation, { attempts: 5, baseDelayMs: 1, maxDelayMs: 1, retryable })).rejects.toThrow(
      'fatal',
    );
    expect(operation).toHaveBeenCalledTimes(1);
  });
});
