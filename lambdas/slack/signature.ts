import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuthenticationError } from '../core/errors';

/** Slack refuses, and so does Lifeboat, a request whose timestamp is further than this from now. */
export const MAX_SKEW_SECONDS = 300;

/**
 * Verifies Slack's request signature: `v0=` + HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`),
 * compared in constant time, with the timestamp within five minutes of now.
 */
export function verifySlackSignature(
  request: { rawBody: string; timestamp: string | undefined; signature: string | undefined },
  signingSecret: string,
  nowSeconds: number,
): void {
  const refuse = (message: string) =>
    new AuthenticationError(`Slack request refused: ${message}`, { errors: [{ field: 'X-Slack-Signature', message }] });
  const { rawBody, timestamp, signature } = request;
  if (!timestamp || !/^\d+$/.test(timestamp) || !signature) throw refuse('missing signature or timestamp');
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_SKEW_SECONDS) throw refuse('timestamp too old or in the future');
  const expected = Buffer.from(
    `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw refuse('signature does not match');
}

/** Signs a request as Slack would: for tests and for anyone scripting against a local Lifeboat. */
export function signSlackRequest(rawBody: string, signingSecret: string, timestamp: number): Record<string, string> {
  const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}
