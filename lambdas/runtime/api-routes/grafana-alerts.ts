/** Lambda entry: POST /v1/integrations/grafana. It imports only what this route uses, so its bundle stays small. */
import { makeGrafanaAlertsHandler } from '../../handlers/api/integrations';
import { alertParts } from '../api-parts/alerts';
import { apiRoute } from '../api-parts/core';

export const handler = makeGrafanaAlertsHandler(apiRoute('grafanaAlerts', alertParts));
