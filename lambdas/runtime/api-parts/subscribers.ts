import type { Channels } from '../../composition';
import * as z from '../../core/schema';
import { PlanPreview } from '../../plan/preview';
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

/** Subscribers (and the plan's dry run, which reads them) for routes that use them. */
export function subscriberParts(core: RouteCore, channels: Channels): DepsBuilders {
  const env = readEnvironment(z.object({ TOKEN_KEY_SECRET_ARN: z.string().check(z.minLength(1)) }));
  const { config } = core;
  let service: SubscriberService | undefined;
  const subscribers = () =>
    (service ??= awsSubscriberService(core, channels, {
      tokenKeySecretArn: env.TOKEN_KEY_SECRET_ARN,
      apiUrl: core.env.PUBLIC_API_URL,
    }));
  return { subscribers, notifications: () => new PlanPreview({ config, subscribers: subscribers(), ...channels }) };
}
