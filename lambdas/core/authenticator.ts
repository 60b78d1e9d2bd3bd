import type { Actor, Channel } from './actor';
import { type ApiKeyScope, hashApiKey, scopeAllows } from './api-key';
import { AuthenticationError, ForbiddenError } from './errors';
import type { ApiKeyStore } from './ports';

/** Channels a caller may claim for itself; `slack` and `system` are set by Lifeboat only. */
const SELF_DECLARED_CHANNELS: readonly Channel[] = ['api', 'cli'];

/** Supplies the pepper: a secret fetched (and cached) on AWS, a constant locally. */
export type PepperSource = () => Promise<string>;

/** Turns an `Authorization: Bearer <key>` header into the actor behind it, or refuses. */
export class ApiKeyAuthenticator {
  constructor(
    private readonly keys: ApiKeyStore,
    private readonly pepper: PepperSource,
  ) {}

  async authenticate(authorization: string | undefined, needed: ApiKeyScope, client?: string): Promise<Actor> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) {
      throw new AuthenticationError('Send an API key as "Authorization: Bearer <key>"', {
        errors: [{ field: 'Authorization', message: authorization ? 'not a Bearer token' : 'missing' }],
      });
    }
    const record = await this.keys.findByHash(hashApiKey(match[1]!, await this.pepper()));
    if (!record) {
      throw new AuthenticationError('This API key is not valid', {
        errors: [{ field: 'Authorization', message: 'unknown or revoked key' }],
      });
    }
    if (!scopeAllows(record.scope, needed)) {
      throw new ForbiddenError(`The key "${record.name}" has ${record.scope} scope; this needs ${needed}`, {
        errors: [{ field: 'Authorization', message: `needs ${needed} scope` }],
      });
    }
    const channel = SELF_DECLARED_CHANNELS.find((c) => c === client) ?? 'api';
    return { channel, name: record.name };
  }
}
