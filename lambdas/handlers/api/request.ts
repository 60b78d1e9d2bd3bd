import { NotFoundError } from '../../core/errors';
import * as z from '../../core/schema';
import { parseInput } from '../../core/validation';
import type { ApiRequest } from '../http/api-handler';

const IdempotencyKey = z
  .string()
  .check(z.regex(/^[\x21-\x7e]{1,255}$/, 'use 1 to 255 visible ASCII characters (a UUID is a good choice)'));

/** The optional Idempotency-Key header, validated. */
export function idempotencyKeyOf(request: ApiRequest): string | undefined {
  const value = request.header('idempotency-key');
  return value === undefined ? undefined : parseInput(IdempotencyKey, value, 'Idempotency-Key');
}

/** A path id of a shape the store could never hold answers 404 without a lookup. */
export function pathId(request: ApiRequest, what: 'incident' | 'component' | 'maintenance'): string {
  const id = request.params.id ?? '';
  if (/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) return id;
  throw new NotFoundError(`No ${what} with id ${JSON.stringify(id.slice(0, 80))}`);
}
