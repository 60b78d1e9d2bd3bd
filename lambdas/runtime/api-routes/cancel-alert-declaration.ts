/** Lambda entry: POST /v1/alerts/{id}/cancel. It imports only what this route uses, so its bundle stays small. */
import { makeCancelAlertDeclarationHandler } from '../../handlers/api/integrations';
import { alertParts } from '../api-parts/alerts';
import { apiRoute } from '../api-parts/core';

export const handler = makeCancelAlertDeclarationHandler(apiRoute('cancelAlertDeclaration', alertParts));
