import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { SesProviderLimits } from '../../lambdas/adapters/aws/ses-provider-limits';

const ses = (answer: () => Promise<unknown>) => ({ send: answer }) as unknown as SESv2Client;

describe("SES's own sending rate", () => {
  it('is read from the account, capped by the configured rate, and read again after five minutes', async () => {
    let now = 0;
    let rate = 5;
    let calls = 0;
    const limits = new SesProviderLimits(
      ses(async () => {
        calls++;
        return { SendQuota: { MaxSendRate: rate } };
      }),
      14,
      () => {},
      () => now,
    );
    expect(await limits.emailPerSecond()).toBe(5); // the sandbox's rate, below what the config allows
    rate = 200;
    now += 60_000;
    expect(await limits.emailPerSecond()).toBe(5); // cached
    now += 5 * 60_000;
    expect(await limits.emailPerSecond()).toBe(14); // production access: the configured cap holds
    expect(calls).toBe(2);
  });

  it('falls back to the configured rate when the account cannot be read', async () => {
    const errors: unknown[] = [];
    const limits = new SesProviderLimits(
      ses(async () => Promise.reject(new Error('AccessDenied'))),
      14,
      (e) => errors.push(e),
    );
    expect(await limits.emailPerSecond()).toBe(14);
    expect(errors).toHaveLength(1);
  });
});
