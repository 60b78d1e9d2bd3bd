import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Actor } from '../../core/actor';
import type { ApiKeyAuthenticator } from '../../core/authenticator';
import type { RouteDefinition } from '../../routes';
import { authenticate, type WithActor } from '../middleware/authenticate';
import { jsonBody, type WithJsonBody } from '../middleware/json-body';
import { problemDetails } from '../middleware/problem-details';

export type ApiEvent = WithActor<WithJsonBody<APIGatewayProxyEventV2>>;
export type ApiLambdaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** What a route's code receives: the request already parsed and its caller already known. */
export interface ApiRequest {
  event: ApiEvent;
  body: unknown;
  params: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  /** The caller; on a public route, an anonymous actor. */
  actor: Actor;
  header(name: string): string | undefined;
}

export interface HttpDeps {
  authenticator: ApiKeyAuthenticator;
  logger: Logger;
}

const ANONYMOUS: Actor = { channel: 'api', name: 'anonymous' };

/**
 * Wraps a route's code in the middleware every API route shares: Lambda context in the logs,
 * problem+json errors, JSON body parsing and API-key authentication for the route's access level.
 */
export function apiHandler(
  route: RouteDefinition,
  deps: HttpDeps,
  handle: (request: ApiRequest) => Promise<APIGatewayProxyStructuredResultV2>,
): ApiLambdaHandler {
  return middy<ApiEvent, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(problemDetails({ logger: deps.logger }))
    .use(jsonBody())
    .use(authenticate({ authenticator: deps.authenticator, access: route.access }))
    .handler((event) =>
      handle({
        event,
        body: event.jsonBody,
        params: event.pathParameters ?? {},
        query: event.queryStringParameters ?? {},
        actor: event.actor ?? ANONYMOUS,
        header: (name) => event.headers[name.toLowerCase()],
      }),
    ) as ApiLambdaHandler;
}
