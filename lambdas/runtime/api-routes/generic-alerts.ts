/** Lambda entry: POST /v1/integrations/generic. It imports only what this route uses, so its bundle stays small. */
import { makeGenericAlertsHandler } from '../../handlers/api/integrations';
import { alertParts } from '../api-parts/alerts';
import { apiRoute } from '../api-parts/core';

export const handler = makeGenericAlertsHandler(apiRoute('genericAlerts', alertParts));
