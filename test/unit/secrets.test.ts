import { describe, expect, it } from 'vitest';
import { MissingSecretError, optionalSecret, secret } from '../../lambdas/runtime/secrets';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:lifeboat/token-key';

describe('secret()', () => {
  it('hands over the value it reads', async () => {
    expect(await secret(ARN, async () => 'k3y')()).toBe('k3y');
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
  ])('refuses a %s secret, naming it, instead of signing with an empty key', async (_, value) => {
    const read = secret(ARN, async () => value);
    await expect(read()).rejects.toBeInstanceOf(MissingSecretError);
    await expect(read()).rejects.toThrow(ARN);
  });

  it('reads when first needed, not when built: a function starts before the operator sets the value', async () => {
    let reads = 0;
    const read = secret(ARN, async () => {
      reads += 1;
      return 'k3y';
    });
    expect(reads).toBe(0);
    await read();
    expect(reads).toBe(1);
  });
});

describe('optionalSecret()', () => {
  it('is undefined until the operator sets a value', async () => {
    expect(await optionalSecret(ARN, async () => '')()).toBeUndefined();
    expect(await optionalSecret(ARN, async () => '{"appKey":"a"}')()).toBe('{"appKey":"a"}');
  });
});
