import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { MalformedJsonError } from '../../core/errors';

export type WithJsonBody<E> = E & { jsonBody?: unknown };

const FORM = 'application/x-www-form-urlencoded';

/**
 * Parses the request body into `event.jsonBody`: JSON, or an HTML form post (a field given twice
 * becomes a list), so plain forms work without JavaScript. Malformed JSON is the client's mistake:
 * a 400 that says where the parser stopped.
 */
export const jsonBody = (): MiddlewareObj<WithJsonBody<APIGatewayProxyEventV2>> => ({
  before: async ({ event }) => {
    if (event.body === undefined || event.body === '') return;
    const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    if ((event.headers['content-type'] ?? '').toLowerCase().startsWith(FORM)) {
      event.jsonBody = parseForm(text);
      return;
    }
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

function parseForm(text: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const seen = fields[name];
    fields[name] = seen === undefined ? value : [...[seen].flat(), value];
  }
  return fields;
}
