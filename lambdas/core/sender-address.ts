import type { LifeboatConfig } from './config';

/**
 * The address notification emails come from: `subscriptions.fromAddress`, or `status@` the page's
 * own host. The one place this default lives: the SES identity the CDK app verifies and grants
 * is the address every sender uses.
 */
export function senderAddress(config: Pick<LifeboatConfig, 'subscriptions' | 'page'>): string {
  return config.subscriptions.fromAddress ?? `status@${new URL(config.page.url).hostname}`;
}
