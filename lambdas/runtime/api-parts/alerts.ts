import { snsCertificateFetcher, snsSubscriptionConfirmer } from '../../adapters/sns-https';
import { IntegrationAuthenticator } from '../../alerts/integration-authenticator';
import { AlertTimerEnvironment, composeAlertsOnAws } from '../alert-composition';
import { readEnvironment } from '../environment';
import { secret } from '../secrets';
import type { RouteCore } from './core';
import type { DepsBuilders } from './route-deps';

/**
 * Alerts from monitoring: the alert service (timers only where the route was given their
 * environment), the integrations' secrets (peppered like API keys), and SNS for CloudWatch.
 */
export function alertParts(core: RouteCore): DepsBuilders {
  const env = readEnvironment(AlertTimerEnvironment);
  const pepperArn = core.env.API_KEY_PEPPER_SECRET_ARN;
  return {
    alerts: () => ({
      service: composeAlertsOnAws(env, core),
      authenticator: new IntegrationAuthenticator(
        core.stores.integrationKeys,
        pepperArn ? secret(pepperArn) : () => Promise.reject(new Error('This route was deployed without the pepper')),
      ),
      sns: { fetchCertificate: snsCertificateFetcher(), confirmSubscription: snsSubscriptionConfirmer },
    }),
  };
}
