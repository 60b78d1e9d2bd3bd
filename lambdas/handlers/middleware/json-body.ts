import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { MalformedJsonError } from '../../core/errors';

export type WithJsonBody<E> = E & { jsonBody?: unknown };

/**
 * Parses a JSON request body into `event.jsonBody` (undefined when there is no body). Malformed
 * JSON is the client's mistake: a 400 that says where the parser stopped.
 */
export const jsonBody = (): MiddlewareObj<WithJsonBody<APIGatewayProxyEventV2>> => ({
  before: async ({ event }) => {
    if (event.body === undefined || event.body === '') return;
    const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    try {
      event.jsonBody = JSON.parse(text);
    } catch (error) {
      throw new MalformedJsonError(`The request body is not valid JSON: ${(error as Error).message}`, {
        errors: [{ field: '(body)', message: 'malformed JSON' }],
        cause: error,
      });
    }
  },
});
