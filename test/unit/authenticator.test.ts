import { describe, expect, it } from 'vitest';
import { type ApiKeyRecord, generateApiKey, hashApiKey } from '../../lambdas/core/api-key';
import { ApiKeyAuthenticator } from '../../lambdas/core/authenticator';
import { AuthenticationError, ForbiddenError } from '../../lambdas/core/errors';

const PEPPER = 'pepper';

function authenticatorWith(...keys: { key: string; name: string; scope: ApiKeyRecord['scope'] }[]) {
  const stored = new Map(
    keys.map(({ key, name, scope }) => [
      hashApiKey(key, PEPPER),
      { hash: hashApiKey(key, PEPPER), name, scope, createdAt: '' },
    ]),
  );
  return {
    stored,
    authenticator: new ApiKeyAuthenticator(
      { findByHash: async (hash) => stored.get(hash), put: async () => {} },
      async () => PEPPER,
    ),
  };
}

describe('API key authentication', () => {
  const writeKey = generateApiKey();
  const readKey = generateApiKey();
  const { authenticator, stored } = authenticatorWith(
    { key: writeKey, name: 'on-call', scope: 'write' },
    { key: readKey, name: 'grafana', scope: 'read' },
  );

  it('stores only a peppered hash, never the key', () => {
    const hashes = [...stored.keys()];
    expect(hashes).not.toContain(writeKey);
    expect(hashApiKey(writeKey, 'another pepper')).not.toBe(hashApiKey(writeKey, PEPPER));
    expect(JSON.stringify([...stored.values()])).not.toContain(writeKey);
  });

  it('names the actor behind a valid key, and the channel the CLI declares', async () => {
    expect(await authenticator.authenticate(`Bearer ${writeKey}`, 'write')).toEqual({
      channel: 'api',
      name: 'on-call',
    });
    expect(await authenticator.authenticate(`Bearer ${writeKey}`, 'write', 'cli')).toEqual({
      channel: 'cli',
      name: 'on-call',
    });
  });

  it('does not let a caller claim to be Slack or the system', async () => {
    expect((await authenticator.authenticate(`Bearer ${writeKey}`, 'read', 'slack')).channel).toBe('api');
  });

  it('refuses a missing, malformed or unknown key with 401', async () => {
    for (const header of [undefined, 'Basic abc', 'Bearer', `Bearer ${generateApiKey()}`]) {
      await expect(authenticator.authenticate(header, 'read')).rejects.toBeInstanceOf(AuthenticationError);
    }
  });

  it('refuses a read key where write is needed with 403, and lets write keys read', async () => {
    await expect(authenticator.authenticate(`Bearer ${readKey}`, 'write')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(authenticator.authenticate(`Bearer ${readKey}`, 'read')).resolves.toMatchObject({ name: 'grafana' });
    await expect(authenticator.authenticate(`Bearer ${writeKey}`, 'read')).resolves.toMatchObject({ name: 'on-call' });
  });
});
