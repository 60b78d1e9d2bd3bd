import { createHash } from 'node:crypto';
import type { LifeboatConfig } from '../core/config';
import { TooManyRequestsError } from '../core/errors';
import type { RateLimiter } from '../core/ports';
import type { SubscriberChannel } from '../core/subscriber';
import type { RequestOrigin } from './consent';

export interface SignUpLimitsDeps {
  config: LifeboatConfig;
  rateLimiter: RateLimiter;
}

/**
 * A public sign-up endpoint is a target for list bombing and SMS pumping: sign-ups are limited
 * per client, and text messages also per country, per number range and for the whole service.
 */
export class SignUpLimits {
  constructor(private readonly deps: SignUpLimitsDeps) {}

  /** Any sign-up: past the limit, a 429 with the time to wait. */
  async perClient(origin: RequestOrigin): Promise<void> {
    await this.limit(`ip:${hash(origin.ip)}`, this.limits.perIpPerHour, 3600);
  }

  /**
   * An SMS sign-up: few per client, per country and per number range, so one abuser cannot use up
   * the cap of the whole service, which comes last.
   */
  async smsSignUp(origin: RequestOrigin, country: string, number: string): Promise<void> {
    const { limits } = this;
    await this.limit(`sms-ip:${hash(origin.ip)}`, limits.smsPerIpPer4Hours, 4 * 3600);
    await this.limit(`sms-country:${country}`, limits.smsPerCountryPerHour, 3600);
    await this.limit(`sms-prefix:${hash(number.slice(0, -4))}`, limits.smsPerPrefixPerHour, 3600);
    await this.limit('sms-all', limits.smsPerHour, 3600);
  }

  /** Per-address limit: past it nothing more is sent, and the answer does not change. */
  async addressMayBeContacted(channel: SubscriberChannel, address: string): Promise<boolean> {
    const key = `addr:${channel}:${hash(address)}`;
    return (await this.deps.rateLimiter.consume(key, this.limits.perAddressPerHour, 3600)).allowed;
  }

  private get limits() {
    return this.deps.config.subscriptions.limits;
  }

  private async limit(key: string, limit: number, windowSeconds: number): Promise<void> {
    const { allowed, retryAfterSeconds } = await this.deps.rateLimiter.consume(key, limit, windowSeconds);
    if (!allowed) throw new TooManyRequestsError('Too many sign-ups from here; try again later', retryAfterSeconds);
  }
}

/** Rate-limit keys never hold an address or an IP in clear. */
const hash = (value: string): string => createHash('sha256').update(value).digest('base64url').slice(0, 22);
