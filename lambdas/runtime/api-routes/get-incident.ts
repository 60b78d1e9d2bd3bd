/** Lambda entry: GET /v1/incidents/{id}. It imports only what this route uses, so its bundle stays small. */
import { makeGetIncidentHandler } from '../../handlers/api/get-incident';
import { apiRoute } from '../api-parts/core';

export const handler = makeGetIncidentHandler(apiRoute('getIncident'));
