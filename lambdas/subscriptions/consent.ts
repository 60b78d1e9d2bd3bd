import type { ConsentRecord } from '../core/subscriber';

/** Where a request came from, for rate limits and consent evidence. */
export interface RequestOrigin {
  ip: string;
  userAgent: string | null;
  via: 'signup-form' | 'api';
}

/** Evidence of one opt-in step: when, how, from where, and the text the person was shown. */
export const consent = (
  origin: RequestOrigin,
  method: ConsentRecord['method'],
  at: string,
  text: string,
): ConsentRecord => ({
  at,
  method,
  ip: origin.ip,
  userAgent: origin.userAgent,
  text,
});
