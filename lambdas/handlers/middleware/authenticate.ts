import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Actor } from '../../core/actor';
import type { ApiKeyScope } from '../../core/api-key';
import type { ApiKeyAuthenticator } from '../../core/authenticator';

export type WithActor<E> = E & { actor?: Actor };

/** Header the CLI sends so the audit trail can say "cli" rather than "api". */
export const CLIENT_HEADER = 'x-lifeboat-client';

/**
 * Checks the API key (401 when missing or unknown, 403 when its scope is too small) and puts the
 * actor behind it on `event.actor`. Public routes pass through, and so do integration routes:
 * they check their integration's own secret themselves.
 */
export const authenticate = ({
  authenticator,
  access,
}: {
  authenticator: ApiKeyAuthenticator;
  access: ApiKeyScope | 'public' | 'integration';
}): MiddlewareObj<WithActor<APIGatewayProxyEventV2>> => ({
  before: async ({ event }) => {
    if (access === 'public' || access === 'integration') return;
    event.actor = await authenticator.authenticate(event.headers.authorization, access, event.headers[CLIENT_HEADER]);
  },
});
