import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SesEmailSender } from '../adapters/aws/ses-email-sender';
import { SnsSmsSender } from '../adapters/aws/sns-sms-sender';
import { HttpWebhookSender, resolveHost } from '../adapters/webhook-sender';
import { type LifeboatConfig, senderAddress } from '../core/config';
import type { EmailSender, SmsSender, WebhookSender } from '../core/ports';
import { systemClock } from '../core/ports';
import { TokenSigner } from '../core/tokens';
import { SubscriberService } from '../subscriptions/subscriber-service';
import type { composeOnAws } from './aws-composition';
import { secret } from './secrets';

export interface Channels {
  email: EmailSender;
  sms: SmsSender;
  webhooks: WebhookSender;
}

/** Email through SES, SMS through SNS, webhooks over HTTPS: what every sending function uses. */
export function awsChannels(
  config: LifeboatConfig,
  options: { ses?: SESv2Client; configurationSet: string },
): Channels {
  return {
    email: new SesEmailSender(options.ses ?? new SESv2Client({}), senderAddress(config), options.configurationSet),
    sms: new SnsSmsSender(new SNSClient({})),
    webhooks: new HttpWebhookSender(),
  };
}

/** The subscriber service as every AWS function builds it: the table's stores, links signed with the token key. */
export function awsSubscriberService(
  core: Pick<ReturnType<typeof composeOnAws>, 'config' | 'stores'>,
  channels: Channels,
  options: { tokenKeySecretArn: string; apiUrl: string },
): SubscriberService {
  return new SubscriberService({
    config: core.config,
    store: core.stores.subscribers,
    tokens: new TokenSigner(secret(options.tokenKeySecretArn)),
    rateLimiter: core.stores.rateLimiter,
    ...channels,
    audit: core.stores.audit,
    clock: systemClock,
    apiUrl: options.apiUrl,
    resolveHost,
  });
}
