import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { SesEmailSender } from '../../adapters/aws/ses-email-sender';
import { SnsSmsSender } from '../../adapters/aws/sns-sms-sender';
import { HttpWebhookSender } from '../../adapters/webhook-sender';
import { readEnvironment } from '../environment';
import type { RouteCore } from './core';
import type { Channels } from './subscribers';
import { senderAddress } from '../../core/config';

/** Email through SES, SMS through SNS, webhooks over HTTPS: for routes that send (subscribe, import). */
export function sendingChannels({ config }: RouteCore): Channels {
  const env = readEnvironment(z.object({ SES_CONFIGURATION_SET: z.string().min(1) }));
  return {
    email: new SesEmailSender(
      new SESv2Client({}),
      senderAddress(config),
      env.SES_CONFIGURATION_SET,
    ),
    sms: new SnsSmsSender(new SNSClient({})),
    webhooks: new HttpWebhookSender(),
  };
}
