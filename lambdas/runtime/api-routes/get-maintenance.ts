/** Lambda entry: GET /v1/maintenances/{id}. It imports only what this route uses, so its bundle stays small. */
import { makeGetMaintenanceHandler } from '../../handlers/api/maintenances';
import { apiRoute } from '../api-parts/core';

export const handler = makeGetMaintenanceHandler(apiRoute('getMaintenance'));
