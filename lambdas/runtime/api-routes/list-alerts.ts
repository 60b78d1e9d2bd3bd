/** Lambda entry: GET /v1/alerts. It imports only what this route uses, so its bundle stays small. */
import { makeListAlertsHandler } from '../../handlers/api/integrations';
import { alertParts } from '../api-parts/alerts';
import { apiRoute } from '../api-parts/core';

export const handler = makeListAlertsHandler(apiRoute('listAlerts', alertParts));
