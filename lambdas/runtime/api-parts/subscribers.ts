import type { Channels } from '../../composition/subscribers';
import * as z from '../../core/schema';
import type { SubscriberService } from '../../subscriptions/subscriber-service';
import { awsSubscriberService } from '../aws-channels';
import { readEnvironment } from '../environment';
import type { RouteCore } from './core';
import type { DepsBuilders } from './route-deps';

export type { Channels };

/** The channels of a route that may not send (its role holds no SES or SNS action). */
export const noSending: Channels = {
  email: { send: refuse },
  sms: { send: refuse, isOptedOut: refuse },
  webhooks: { post: refuse },
};
async function refuse(): Promise<never> {
  throw new Error('This route does not send messages');
}

/** Subscribers, for routes that use them. */
export function subscriberParts(core: RouteCore, channels: Channels): DepsBuilders {
  const env = readEnvironment(z.object({ TOKEN_KEY_SECRET_ARN: z.string().check(z.minLength(1)) }));
  let service: SubscriberService | undefined;
  const subscribers = () =>
    (service ??= awsSubscriberService(core, channels, {
      tokenKeySecretArn: env.TOKEN_KEY_SECRET_ARN,
      apiUrl: core.env.PUBLIC_API_URL,
    }));
  return { subscribers };
}
