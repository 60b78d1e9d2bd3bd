import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { MalformedJsonError, UnsupportedMediaTypeError } from '../../core/errors';

export type WithJsonBody<E> = E & { jsonBody?: unknown };

const FORM = 'application/x-www-form-urlencoded';
const MULTIPART = 'multipart/form-data';

/**
 * Parses the request body into `event.jsonBody`: JSON, or a form post, URL-encoded (HTML forms)
 * or multipart (RFC 8058's one-click unsubscribe example), a field given twice becoming a list.
 * A malformed body is the client's mistake: a 400 that says what could not be read.
 */
export const jsonBody = (): MiddlewareObj<WithJsonBody<APIGatewayProxyEventV2>> => ({
  before: async ({ event }) => {
    if (event.body === undefined || event.body === '') return;
    const bytes = Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
    const contentType = (event.headers['content-type'] ?? '').toLowerCase();
    if (contentType.startsWith(FORM)) {
      const text = bytes.toString('utf8');
      refuseJsonSentAsForm(text, contentType);
      event.jsonBody = fields(new URLSearchParams(text));
      return;
    }
    if (contentType.startsWith(MULTIPART)) {
      event.jsonBody = await parseMultipart(bytes, event.headers['content-type']!);
      return;
    }
    try {
      event.jsonBody = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      const sentAs = contentType ? `sent as ${contentType.split(';')[0]}` : 'sent with no Content-Type';
      throw new MalformedJsonError(
        `The request body is not valid JSON (${sentAs}): ${(error as Error).message.slice(0, 200)}`,
        {
          errors: [{ field: '(body)', message: 'malformed JSON' }],
          cause: error,
        },
      );
    }
  },
});

/**
 * `curl -d '{...}'` without `-H 'Content-Type: application/json'` sends JSON labelled as a form,
 * which would read as one odd field name: say what to change rather than "unknown field".
 * No HTML form sends a body that starts with `{` or `[` and is valid JSON.
 */
function refuseJsonSentAsForm(text: string, contentType: string): void {
  if (!/^\s*[[{]/.test(text)) return;
  try {
    JSON.parse(text);
  } catch {
    return;
  }
  throw new UnsupportedMediaTypeError(
    `The body is JSON but was sent as ${contentType.split(';')[0]}: send it with Content-Type: application/json`,
    { errors: [{ field: 'Content-Type', message: 'must be application/json for a JSON body' }] },
  );
}

async function parseMultipart(bytes: Buffer, contentType: string): Promise<Record<string, string | string[]>> {
  try {
    // The platform's own multipart parser (undici's), as fetch uses it: no dependency to add.
    const form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
    const entries: [string, string][] = [];
    form.forEach((value, name) => {
      entries.push([name, typeof value === 'string' ? value : value.name]);
    });
    return fields(entries);
  } catch (error) {
    throw new MalformedJsonError('The request body is not valid multipart/form-data', {
      errors: [{ field: '(body)', message: 'malformed multipart/form-data' }],
      cause: error,
    });
  }
}

/**
 * Form fields as an object. Built with Object.fromEntries, so a field named `__proto__` is just a
 * field (plain assignment would set the object's prototype).
 */
function fields(entries: Iterable<[string, string]>): Record<string, string | string[]> {
  const collected = new Map<string, string | string[]>();
  for (const [name, value] of entries) {
    const seen = collected.get(name);
    collected.set(name, seen === undefined ? value : [...[seen].flat(), value]);
  }
  return Object.fromEntries(collected);
}
