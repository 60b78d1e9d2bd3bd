import type { RouteId } from '../../routes';
import type { ApiLambdaHandler } from '../http/api-handler';
import { makeAddIncidentUpdateHandler } from './add-incident-update';
import { makeDeclareIncidentHandler } from './declare-incident';
import type { ApiDeps } from './deps';
import { makeGetIncidentHandler } from './get-incident';
import { makeGetStatusHandler } from './get-status';
import { makeHealthHandler } from './health';
import {
  makeAlertmanagerAlertsHandler,
  makeCancelAlertDeclarationHandler,
  makeCloudwatchAlertsHandler,
  makeGenericAlertsHandler,
  makeGrafanaAlertsHandler,
  makeListAlertsHandler,
} from './integrations';
import { makeListAuditHandler } from './list-audit';
import { makeListComponentsHandler } from './list-components';
import { makeListIncidentsHandler } from './list-incidents';
import {
  makeAddMaintenanceUpdateHandler,
  makeCancelMaintenanceHandler,
  makeEditMaintenanceHandler,
  makeGetMaintenanceHandler,
  makeListMaintenancesHandler,
  makeScheduleMaintenanceHandler,
} from './maintenances';
import { makePreviewPlanHandler } from './preview-plan';
import { makeResolveIncidentHandler } from './resolve-incident';
import { makeSetComponentStatusHandler } from './set-component-status';
import { makeSetOutageMessageHandler } from './set-outage-message';
import { makeSlackCommandHandler, makeSlackInteractionHandler } from './slack';
import { makeSubscribeHandler } from './subscribe';
import { makeImportSubscribersHandler, makeListSubscribersHandler } from './subscribers-admin';
import {
  makeChangeSubscriptionHandler,
  makeConfirmSubscriptionHandler,
  makeShowConfirmationHandler,
  makeShowSubscriptionHandler,
  makeShowUnsubscribeHandler,
  makeUnsubscribeHandler,
  makeVerifySubscriptionHandler,
} from './subscription-steps';
import { makeWritePostmortemHandler } from './write-postmortem';

/** Every route's handler factory; the type makes a route without a handler a compile error. */
export const API_HANDLERS: { readonly [K in RouteId]: (deps: ApiDeps) => ApiLambdaHandler } = {
  health: makeHealthHandler,
  getStatus: makeGetStatusHandler,
  listIncidents: makeListIncidentsHandler,
  getIncident: makeGetIncidentHandler,
  declareIncident: makeDeclareIncidentHandler,
  addIncidentUpdate: makeAddIncidentUpdateHandler,
  resolveIncident: makeResolveIncidentHandler,
  writePostmortem: makeWritePostmortemHandler,
  previewPlan: makePreviewPlanHandler,
  listMaintenances: makeListMaintenancesHandler,
  getMaintenance: makeGetMaintenanceHandler,
  scheduleMaintenance: makeScheduleMaintenanceHandler,
  editMaintenance: makeEditMaintenanceHandler,
  addMaintenanceUpdate: makeAddMaintenanceUpdateHandler,
  cancelMaintenance: makeCancelMaintenanceHandler,
  listComponents: makeListComponentsHandler,
  setComponentStatus: makeSetComponentStatusHandler,
  setOutageMessage: makeSetOutageMessageHandler,
  listAudit: makeListAuditHandler,
  subscribe: makeSubscribeHandler,
  showConfirmation: makeShowConfirmationHandler,
  confirmSubscription: makeConfirmSubscriptionHandler,
  verifySubscription: makeVerifySubscriptionHandler,
  showSubscription: makeShowSubscriptionHandler,
  changeSubscription: makeChangeSubscriptionHandler,
  showUnsubscribe: makeShowUnsubscribeHandler,
  unsubscribe: makeUnsubscribeHandler,
  importSubscribers: makeImportSubscribersHandler,
  listSubscribers: makeListSubscribersHandler,
  slackCommand: makeSlackCommandHandler,
  slackInteraction: makeSlackInteractionHandler,
  alertmanagerAlerts: makeAlertmanagerAlertsHandler,
  grafanaAlerts: makeGrafanaAlertsHandler,
  cloudwatchAlerts: makeCloudwatchAlertsHandler,
  genericAlerts: makeGenericAlertsHandler,
  listAlerts: makeListAlertsHandler,
  cancelAlertDeclaration: makeCancelAlertDeclarationHandler,
};
