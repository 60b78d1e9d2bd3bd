import { fromCloudWatchAlarm, readAlerts } from '../../alerts/payloads';
import { readSnsEnvelope, subscribeUrlOf, verifySnsSignature } from '../../alerts/sns-message';
import { ForbiddenError, NotFoundError } from '../../core/errors';
import type { Integration } from '../../core/integration';
import { ROUTES } from '../../routes';
import { type ApiRequest, apiHandler } from '../http/api-handler';
import { json } from '../http/responses';
import type { ApiDeps } from './deps';

/** The secret first (no network, no parsing beyond the header), then the payload. */
const alertEndpoint =
  (integration: Exclude<Integration, 'cloudwatch'>, route: (typeof ROUTES)[keyof typeof ROUTES]) => (deps: ApiDeps) =>
    apiHandler(route, deps, async (request) => {
      const actor = await deps.alerts.authenticator.authenticate(integration, request.header('authorization'));
      const alerts = readAlerts(integration, request.body);
      return json(200, { alerts: await deps.alerts.service.receive(integration, alerts, actor) });
    });

export const makeAlertmanagerAlertsHandler = alertEndpoint('alertmanager', ROUTES.alertmanagerAlerts);
export const makeGrafanaAlertsHandler = alertEndpoint('grafana', ROUTES.grafanaAlerts);
export const makeGenericAlertsHandler = alertEndpoint('generic', ROUTES.genericAlerts);

/**
 * CloudWatch alarms come through an SNS topic's HTTPS subscription. Three checks before anything
 * is done: the integration's secret (the subscription URL's Basic credentials), SNS's signature,
 * and, when the config lists topics, the topic. A subscription is confirmed by visiting its
 * SubscribeURL, but only an address of SNS itself.
 */
export const makeCloudwatchAlertsHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.cloudwatchAlerts, deps, async (request: ApiRequest) => {
    const actor = await deps.alerts.authenticator.authenticate('cloudwatch', request.header('authorization'));
    const envelope = readSnsEnvelope(request.body);
    await verifySnsSignature(envelope, deps.alerts.sns.fetchCertificate);
    const allowed = deps.config.alerts.cloudwatch.topicArns;
    if (allowed.length && !allowed.includes(envelope.TopicArn)) {
      throw new ForbiddenError(`The topic ${envelope.TopicArn} is not one of alerts.cloudwatch.topicArns`, {
        errors: [{ field: 'TopicArn', message: 'not an allowed topic' }],
      });
    }
    switch (envelope.Type) {
      case 'SubscriptionConfirmation':
        await deps.alerts.sns.confirmSubscription(subscribeUrlOf(envelope));
        return json(200, { confirmed: envelope.TopicArn });
      case 'UnsubscribeConfirmation':
        return json(200, { alerts: [] });
      case 'Notification':
        return json(200, {
          alerts: await deps.alerts.service.receive('cloudwatch', fromCloudWatchAlarm(envelope.Message), actor),
        });
    }
  });

export const makeListAlertsHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.listAlerts, deps, async () => json(200, { alerts: await deps.alerts.service.listOpen() }));

export const makeCancelAlertDeclarationHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.cancelAlertDeclaration, deps, async (request) => {
    const id = request.params.id ?? '';
    if (!/^[a-z0-9]{12}$/.test(id)) throw new NotFoundError(`No alert with id ${JSON.stringify(id.slice(0, 80))}`);
    return json(200, await deps.alerts.service.cancelDeclaration(id, request.actor));
  });
