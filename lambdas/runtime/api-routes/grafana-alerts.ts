/** Lambda entry: POST /v1/integrations/grafana. It imports only what this route uses, so its bundle stays small. */
import { makeGrafanaAlertsHandler } from '../../handlers/api/integrations';
import { apiRoute } from '../api-parts/core';
import { alertParts } from '../api-parts/alerts';

export const handler = makeGrafanaAlertsHandler(apiRoute('grafanaAlerts', alertParts));
