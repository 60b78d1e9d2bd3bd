import { createHmac, randomBytes } from 'node:crypto';
import * as z from './schema';

/** `read` lets a key look; `write` lets it also declare, update and resolve. */
export const ApiKeyScope = z.enum(['read', 'write']);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

/** What is stored of a key: never the key itself, only its peppered hash. */
export interface ApiKeyRecord {
  hash: string;
  name: string;
  scope: ApiKeyScope;
  createdAt: string;
}

export const scopeAllows = (granted: ApiKeyScope, needed: ApiKeyScope): boolean =>
  granted === 'write' || needed === 'read';

/** A new key: 32 random bytes, so a fast keyed hash is as safe to store as a slow password hash. */
export const generateApiKey = (): string => `lb_${randomBytes(32).toString('base64url')}`;

/**
 * HMAC-SHA256 with a server-side pepper (kept in Secrets Manager on AWS): a leaked table alone
 * does not let anyone test guesses against the hashes.
 */
export const hashApiKey = (key: string, pepper: string): string =>
  createHmac('sha256', pepper).update(key).digest('base64url');
