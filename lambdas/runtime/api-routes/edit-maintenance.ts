/** Lambda entry: PATCH /v1/maintenances/{id}. It imports only what this route uses, so its bundle stays small. */
import { makeEditMaintenanceHandler } from '../../handlers/api/maintenances';
import { apiRoute } from '../api-parts/core';
import { maintenanceParts } from '../api-parts/maintenance';

export const handler = makeEditMaintenanceHandler(apiRoute('editMaintenance', maintenanceParts));
