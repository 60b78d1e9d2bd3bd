import { GetAccountCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { ProviderLimits } from '../../plan/ports';

const REFRESH_MS = 5 * 60_000;

/**
 * SES's own maximum send rate, read from the account (GetAccount) and refreshed every five
 * minutes, capped by the configured rate: Lifeboat never plans beyond what SES granted, nor beyond
 * what the operator chose. If the account cannot be read, the configured rate stands.
 */
export class SesProviderLimits implements ProviderLimits {
  private cached: { rate: number; at: number } | undefined;

  constructor(
    private readonly ses: SESv2Client,
    private readonly configuredEmailPerSecond: number,
    private readonly onError: (error: unknown) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  async emailPerSecond(): Promise<number> {
    if (this.cached && this.now() - this.cached.at < REFRESH_MS) return this.cached.rate;
    let rate = this.configuredEmailPerSecond;
    try {
      const { SendQuota } = await this.ses.send(new GetAccountCommand({}));
      if (SendQuota?.MaxSendRate && SendQuota.MaxSendRate > 0) rate = Math.min(rate, SendQuota.MaxSendRate);
    } catch (error) {
      this.onError(error);
    }
    this.cached = { rate, at: this.now() };
    return rate;
  }
}
