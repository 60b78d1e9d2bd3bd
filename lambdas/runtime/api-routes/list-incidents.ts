/** Lambda entry: GET /v1/incidents. It imports only what this route uses, so its bundle stays small. */
import { makeListIncidentsHandler } from '../../handlers/api/list-incidents';
import { apiRoute } from '../api-parts/core';

export const handler = makeListIncidentsHandler(apiRoute('listIncidents'));
