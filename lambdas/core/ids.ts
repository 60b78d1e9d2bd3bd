import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 12;

/** A 12-character lowercase id, shaped like Statuspage's, with about 62 bits of randomness. */
export function newId(): string {
  return encode(randomBytes(ID_LENGTH));
}

/**
 * An id derived from a seed, so the same request (same Idempotency-Key, same Slack trigger) always
 * names the same incident or update: the store's conditional write then makes the retry a no-op.
 */
export function deriveId(...parts: string[]): string {
  return encode(createHash('sha256').update(parts.join('\u0000')).digest());
}

/** A stable fingerprint of a request, to tell a replay from a different request under the same key. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url');
}

function encode(bytes: Uint8Array): string {
  let id = '';
  for (let i = 0; i < ID_LENGTH; i++) id += ALPHABET[bytes[i]! % ALPHABET.length];
  return id;
}

/** JSON with object keys sorted, so equal values always give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
