/** Lambda entry: GET /v1/alerts. It imports only what this route uses, so its bundle stays small. */
import { makeListAlertsHandler } from '../../handlers/api/integrations';
import { apiRoute } from '../api-parts/core';
import { alertParts } from '../api-parts/alerts';

export const handler = makeListAlertsHandler(apiRoute('listAlerts', alertParts));
