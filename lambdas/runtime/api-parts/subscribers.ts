import { z } from 'zod';
import { resolveHost } from '../../adapters/webhook-sender';
import type { EmailSender, SmsSender, WebhookSender } from '../../core/ports';
import { systemClock } from '../../core/ports';
import { TokenSigner } from '../../core/tokens';
import { PlanPreview } from '../../plan/preview';
import { SubscriberService } from '../../subscriptions/subscriber-service';
import { readEnvironment } from '../environment';
import { secret } from '../secrets';
import type { RouteCore } from './core';
import type { DepsBuilders } from './route-deps';

export interface Channels {
  email: EmailSender;
  sms: SmsSender;
  webhooks: WebhookSender;
}

/** The channels of a route that may not send (its role holds no SES or SNS action). */
export const noSending: Channels = {
  email: { send: refuse },
  sms: { send: refuse, isOptedOut: refuse },
  webhooks: { post: refuse },
};
async function refuse(): Promise<never> {
  throw new Error('This route does not send messages');
}

/** Subscribers (and the plan's dry run, which reads them) for routes that use them. */
export function subscriberParts(core: RouteCore, channels: Channels): DepsBuilders {
  const env = readEnvironment(z.object({ TOKEN_KEY_SECRET_ARN: z.string().min(1) }));
  const { config, stores } = core;
  let service: SubscriberService | undefined;
  const subscribers = () =>
    (service ??= new SubscriberService({
      config,
      store: stores.subscribers,
      tokens: new TokenSigner(secret(env.TOKEN_KEY_SECRET_ARN)),
      rateLimiter: stores.rateLimiter,
      ...channels,
      audit: stores.audit,
      clock: systemClock,
      apiUrl: core.env.PUBLIC_API_URL,
      resolveHost,
    }));
  return { subscribers, notifications: () => new PlanPreview({ config, subscribers: subscribers(), ...channels }) };
}
