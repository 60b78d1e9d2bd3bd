/** Lambda entry: POST /v1/maintenances. It imports only what this route uses, so its bundle stays small. */
import { makeScheduleMaintenanceHandler } from '../../handlers/api/maintenances';
import { apiRoute } from '../api-parts/core';
import { maintenanceParts } from '../api-parts/maintenance';

export const handler = makeScheduleMaintenanceHandler(apiRoute('scheduleMaintenance', maintenanceParts));
