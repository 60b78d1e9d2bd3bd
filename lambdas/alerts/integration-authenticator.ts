import type { Actor } from '../core/actor';
import { hashApiKey } from '../core/api-key';
import type { PepperSource } from '../core/authenticator';
import { AuthenticationError } from '../core/errors';
import type { Integration } from '../core/integration';
import type { IntegrationKeyStore } from './ports';

/**
 * Checks an integration's secret, sent as `Authorization: Bearer <secret>` or as the password of
 * HTTP Basic authentication (what SNS sends when the subscription URL carries credentials, and
 * what Grafana offers). Only its peppered hash is stored, and looking it up by hash leaks nothing
 * through timing. A secret opens its own integration only; every refusal reads the same.
 */
export class IntegrationAuthenticator {
  constructor(
    private readonly keys: IntegrationKeyStore,
    private readonly pepper: PepperSource,
  ) {}

  async authenticate(integration: Integration, authorization: string | undefined): Promise<Actor> {
    const secret = secretOf(authorization);
    const record = secret ? await this.keys.findByHash(hashApiKey(secret, await this.pepper())) : undefined;
    if (!record || record.integration !== integration) {
      throw new AuthenticationError(`Send this integration's secret (lifeboat integrations create ${integration})`, {
        errors: [
          {
            field: 'Authorization',
            message: authorization ? 'unknown secret, or one of another integration' : 'missing',
          },
        ],
      });
    }
    return { channel: 'integration', name: `${integration}:${record.name}` };
  }
}

function secretOf(authorization: string | undefined): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && colon < decoded.length - 1 ? decoded.slice(colon + 1) : undefined;
}
