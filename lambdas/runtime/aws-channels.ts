import { HttpWebhookSender, resolveHost } from '../adapters/webhook-sender';
import { type Channels, composeSubscribers } from '../composition/subscribers';
import type { LifeboatConfig } from '../core/config';
import { systemClock } from '../core/ports';
import { senderAddress } from '../core/sender-address';
import type { ProviderLimits } from '../plan/ports';
import type { SubscriberService } from '../subscriptions/subscriber-service';
import type { composeOnAws } from './aws-composition';
import { onFirstUse } from './on-first-use';
import { secret } from './secrets';

/**
 * Email through SES, SMS through SNS, webhooks over HTTPS: what every sending function uses. The
 * SES and SNS adapters load on the first message of their channel: most requests of a subscriber
 * route send nothing, and a notifier lane sends on one channel only.
 */
export function awsChannels(config: LifeboatConfig, options: { configurationSet: string }): Channels {
  const ses = onFirstUse(async () => {
    const [{ SESv2Client }, { SesEmailSender }] = await Promise.all([
      import('@aws-sdk/client-sesv2'),
      import('../adapters/aws/ses-email-sender'),
    ]);
    return new SesEmailSender(new SESv2Client({}), senderAddress(config), options.configurationSet);
  });
  const sns = onFirstUse(async () => {
    const [{ SNSClient }, { SnsSmsSender }] = await Promise.all([
      import('@aws-sdk/client-sns'),
      import('../adapters/aws/sns-sms-sender'),
    ]);
    return new SnsSmsSender(new SNSClient({}));
  });
  return {
    email: {
      send: async (message) => (await ses()).send(message),
      sendBulk: async (message) => (await ses()).sendBulk(message),
    },
    sms: {
      send: async (message) => (await sns()).send(message),
      isOptedOut: async (phoneNumber) => (await sns()).isOptedOut(phoneNumber),
    },
    webhooks: new HttpWebhookSender(),
  };
}

/** SES's sending quota, read (and its client loaded) when the first email batch asks for it. */
export function sesProviderLimits(configuredEmailPerSecond: number, onError: (error: unknown) => void): ProviderLimits {
  const limits = onFirstUse(async () => {
    const [{ SESv2Client }, { SesProviderLimits }] = await Promise.all([
      import('@aws-sdk/client-sesv2'),
      import('../adapters/aws/ses-provider-limits'),
    ]);
    return new SesProviderLimits(new SESv2Client({}), configuredEmailPerSecond, onError);
  });
  return { emailPerSecond: async () => (await limits()).emailPerSecond() };
}

/** The subscriber service of an AWS function: the table's stores, links signed with the token key. */
export function awsSubscriberService(
  core: Pick<ReturnType<typeof composeOnAws>, 'config' | 'stores'>,
  channels: Channels,
  options: { tokenKeySecretArn: string; apiUrl: string },
): SubscriberService {
  return composeSubscribers({
    config: core.config,
    stores: core.stores,
    channels,
    tokenKey: secret(options.tokenKeySecretArn),
    clock: systemClock,
    apiUrl: options.apiUrl,
    resolveHost,
  });
}
