import { createHmac, timingSafeEqual } from 'node:crypto';
import { LifeboatError } from './errors';
import * as z from './schema';

export type TokenPurpose = 'confirm' | 'verify-sms' | 'manage' | 'unsubscribe';

const Payload = z.object({
  sub: z.string().check(z.minLength(1), z.maxLength(64)),
  pur: z.enum(['confirm', 'verify-sms', 'manage', 'unsubscribe']),
  /** Epoch seconds; absent for links that stay valid (manage, unsubscribe). */
  exp: z.optional(z.int()),
});

export class InvalidTokenError extends LifeboatError {
  readonly status = 400;
  readonly type = 'invalid-token';
}

export class ExpiredTokenError extends LifeboatError {
  readonly status = 400;
  readonly type = 'expired-token';
}

/**
 * Signed links for subscribers: `<payload>.<HMAC-SHA256>`, both base64url. A token names one
 * subscriber and one purpose, so a manage link cannot confirm and a confirm link cannot manage.
 */
export class TokenSigner {
  constructor(private readonly key: () => Promise<string>) {}

  async sign(subscriberId: string, purpose: TokenPurpose, expiresAt?: Date): Promise<string> {
    const payload = Buffer.from(
      JSON.stringify({
        sub: subscriberId,
        pur: purpose,
        ...(expiresAt ? { exp: Math.floor(expiresAt.getTime() / 1000) } : {}),
      }),
    ).toString('base64url');
    return `${payload}.${await this.mac(payload)}`;
  }

  /** The subscriber id, if the token is genuine, unexpired and for this purpose. */
  async verify(token: string | undefined, purpose: TokenPurpose, now: Date): Promise<string> {
    const invalid = () =>
      new InvalidTokenError('This link is not valid. Check that it was copied whole.', {
        errors: [{ field: 'token', message: 'invalid or tampered' }],
      });
    const [payload, mac, ...rest] = (token ?? '').split('.');
    if (!payload || !mac || rest.length) throw invalid();
    const expected = Buffer.from(await this.mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
    let parsed: z.output<typeof Payload>;
    try {
      parsed = Payload.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    } catch {
      throw invalid();
    }
    if (parsed.pur !== purpose) throw invalid();
    if (parsed.exp !== undefined && parsed.exp * 1000 <= now.getTime()) {
      throw new ExpiredTokenError('This link has expired.', { errors: [{ field: 'token', message: 'expired' }] });
    }
    return parsed.sub;
  }

  /** A keyed hash for short secrets (SMS codes), bound to the subscriber. */
  async hashCode(subscriberId: string, code: string): Promise<string> {
    return this.mac(`sms-code:${subscriberId}:${code}`);
  }

  private async mac(data: string): Promise<string> {
    return createHmac('sha256', await this.key())
      .update(data)
      .digest('base64url');
  }
}
