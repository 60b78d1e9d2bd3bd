/** Lambda entry: POST /v1/maintenances/{id}/updates. It imports only what this route uses, so its bundle stays small. */
import { makeAddMaintenanceUpdateHandler } from '../../handlers/api/maintenances';
import { apiRoute } from '../api-parts/core';
import { maintenanceParts } from '../api-parts/maintenance';

export const handler = makeAddMaintenanceUpdateHandler(apiRoute('addMaintenanceUpdate', maintenanceParts));
