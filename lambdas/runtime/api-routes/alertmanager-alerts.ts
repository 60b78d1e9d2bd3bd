/** Lambda entry: POST /v1/integrations/alertmanager. It imports only what this route uses, so its bundle stays small. */
import { makeAlertmanagerAlertsHandler } from '../../handlers/api/integrations';
import { alertParts } from '../api-parts/alerts';
import { apiRoute } from '../api-parts/core';

export const handler = makeAlertmanagerAlertsHandler(apiRoute('alertmanagerAlerts', alertParts));
