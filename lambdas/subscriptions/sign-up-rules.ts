import type { LifeboatConfig } from '../core/config';
import { ValidationError } from '../core/errors';
import { webhookTargetRefusal } from '../core/network-address';
import type { HostResolver } from '../core/ports';
import type { SubscriberChannel } from '../core/subscriber';
import { EmailAddress, phoneCountry, phoneNumber, WebhookUrl } from '../core/subscriber-commands';
import { parseInput, parseInputAsync } from '../core/validation';

export interface SignUpRulesDeps {
  config: LifeboatConfig;
  /**
   * Accept webhook URLs on loopback and private networks. Only local mode and tests set it; by
   * default a webhook must resolve to public addresses only.
   */
  allowPrivateNetworks?: boolean | undefined;
  /** Resolves a webhook's host to check it; without it, only IP-literal hosts can be checked. */
  resolveHost?: HostResolver | undefined;
}

/**
 * What a subscription may name, for the sign-up form and imports alike: an address valid for its
 * channel (email, a mobile number in an accepted country, a public https URL) and known
 * components. Each refusal is a 400 naming the field it was given in.
 */
export class SignUpRules {
  constructor(private readonly deps: SignUpRulesDeps) {}

  /** The address normalised for its channel: lowercased email, E.164 number, or the URL. */
  async address(channel: SubscriberChannel, raw: string, field: string, country?: string): Promise<string> {
    if (channel === 'email') return parseInput(EmailAddress, raw, field);
    if (channel === 'sms') return parseInputAsync(phoneNumber(country), raw, field);
    return parseInput(WebhookUrl, raw, field);
  }

  /** The channel's sign-ups are offered by this page; otherwise a 400 naming the field. */
  assertOffered(channel: SubscriberChannel, field: string): void {
    if (this.deps.config.subscriptions[channel]) return;
    throw new ValidationError(`This page does not offer ${field} subscriptions`, {
      errors: [{ field, message: 'not offered on this page' }],
    });
  }

  /** The country of an SMS number, if text messages may go there; otherwise a 400 naming the field. */
  async smsCountry(number: string, field: string): Promise<string> {
    const allowed = this.deps.config.subscriptions.smsCountries;
    const { country, callingCode } = await phoneCountry(number);
    if (country && (allowed as readonly string[]).includes(country)) return country;
    const where = country ? `numbers of ${country}` : `+${callingCode} numbers (satellite and international networks)`;
    throw new ValidationError(`Text messages are not sent to ${where}`, {
      errors: [{ field, message: `text messages are not sent to ${where}; accepted countries: ${allowed.join(', ')}` }],
    });
  }

  /** Refuses (400, naming the field) a webhook whose host is, or resolves to, a non-public address. */
  async assertPublicWebhook(url: string, field: string): Promise<void> {
    if (this.deps.allowPrivateNetworks) return;
    const refusal = await webhookTargetRefusal(url, this.deps.resolveHost);
    if (refusal)
      throw new ValidationError(`Invalid request: ${field}: ${refusal}`, { errors: [{ field, message: refusal }] });
  }

  /** The components to hear about, each once; null (none given) for all. */
  components(ids: string[] | undefined, field = 'components'): string[] | null {
    if (!ids || ids.length === 0) return null;
    const known = new Set(this.deps.config.components.map((c) => c.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) {
      throw new ValidationError(`Unknown component: ${unknown.join(', ')}`, {
        errors: unknown.map((id) => ({ field: `${field}.${id}`, message: 'no component with this id' })),
      });
    }
    return [...new Set(ids)];
  }
}
