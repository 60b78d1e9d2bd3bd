/** Lambda entry: POST /v1/integrations/generic. It imports only what this route uses, so its bundle stays small. */
import { makeGenericAlertsHandler } from '../../handlers/api/integrations';
import { apiRoute } from '../api-parts/core';
import { alertParts } from '../api-parts/alerts';

export const handler = makeGenericAlertsHandler(apiRoute('genericAlerts', alertParts));
