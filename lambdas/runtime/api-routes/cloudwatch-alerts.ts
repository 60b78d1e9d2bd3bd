/** Lambda entry: POST /v1/integrations/cloudwatch. It imports only what this route uses, so its bundle stays small. */
import { makeCloudwatchAlertsHandler } from '../../handlers/api/integrations';
import { alertParts } from '../api-parts/alerts';
import { apiRoute } from '../api-parts/core';

export const handler = makeCloudwatchAlertsHandler(apiRoute('cloudwatchAlerts', alertParts));
