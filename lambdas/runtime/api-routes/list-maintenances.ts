/** Lambda entry: GET /v1/maintenances. It imports only what this route uses, so its bundle stays small. */
import { makeListMaintenancesHandler } from '../../handlers/api/maintenances';
import { apiRoute } from '../api-parts/core';

export const handler = makeListMaintenancesHandler(apiRoute('listMaintenances'));
