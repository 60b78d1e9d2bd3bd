import * as z from '../../core/schema';
import { awsChannels } from '../aws-channels';
import { readEnvironment } from '../environment';
import type { RouteCore } from './core';
import type { Channels } from './subscribers';

/** Email through SES, SMS through SNS, webhooks over HTTPS: for routes that send (subscribe, import). */
export function sendingChannels({ config }: RouteCore): Channels {
  const env = readEnvironment(z.object({ SES_CONFIGURATION_SET: z.string().check(z.minLength(1)) }));
  return awsChannels(config, { configurationSet: env.SES_CONFIGURATION_SET });
}
