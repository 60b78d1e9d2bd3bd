/** Lambda entry: POST /v1/incidents/{id}/updates. It imports only what this route uses, so its bundle stays small. */
import { makeAddIncidentUpdateHandler } from '../../handlers/api/add-incident-update';
import { apiRoute } from '../api-parts/core';

export const handler = makeAddIncidentUpdateHandler(apiRoute('addIncidentUpdate'));
