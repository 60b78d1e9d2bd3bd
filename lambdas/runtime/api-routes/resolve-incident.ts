/** Lambda entry: POST /v1/incidents/{id}/resolve. It imports only what this route uses, so its bundle stays small. */
import { makeResolveIncidentHandler } from '../../handlers/api/resolve-incident';
import { apiRoute } from '../api-parts/core';

export const handler = makeResolveIncidentHandler(apiRoute('resolveIncident'));
