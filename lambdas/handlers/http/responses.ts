import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type FieldProblem, type LifeboatError, TooManyRequestsError } from '../../core/errors';

/** Headers on every API answer: nothing in it is cacheable, and nothing is to be sniffed. */
const BASE_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...BASE_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

/** Echoed text is capped: a 900 KB unknown key must not come back twice in a 1.8 MB answer. */
const MAX_DETAIL = 1000;
const MAX_FIELD = 200;
const MAX_MESSAGE = 300;
const MAX_ERRORS = 20;

export function capText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** Field problems as shown to a client: at most 20, each field name and message capped. */
export function cappedProblems(errors: readonly FieldProblem[]): FieldProblem[] {
  const shown = errors
    .slice(0, MAX_ERRORS)
    .map((e) => ({ field: capText(e.field, MAX_FIELD), message: capText(e.message, MAX_MESSAGE) }));
  if (errors.length > MAX_ERRORS)
    shown.push({ field: '(more)', message: `${errors.length - MAX_ERRORS} more problem(s) not shown` });
  return shown;
}

/** An RFC 9457 problem document; `errors` names each offending field. */
export function problem(error: LifeboatError, instance?: string): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json', ...BASE_HEADERS };
  if (error.status === 401) headers['www-authenticate'] = 'Bearer realm="lifeboat"';
  if (error instanceof TooManyRequestsError) headers['retry-after'] = String(error.retryAfterSeconds);
  return {
    statusCode: error.status,
    headers,
    body: JSON.stringify({
      type: `urn:lifeboat:problem:${error.type}`,
      title: TITLES[error.status] ?? 'Request refused',
      status: error.status,
      detail: capText(error.message, MAX_DETAIL),
      ...(instance ? { instance: capText(instance, MAX_FIELD) } : {}),
      ...(error.errors.length ? { errors: cappedProblems(error.errors) } : {}),
    }),
  };
}

export function internalError(requestId: string | undefined): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 500,
    headers: { 'content-type': 'application/problem+json', ...BASE_HEADERS },
    body: JSON.stringify({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Something went wrong on our side. It has been logged; please retry.',
      ...(requestId ? { requestId } : {}),
    }),
  };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
};
