/** Lambda entry: POST /v1/maintenances/{id}/cancel. It imports only what this route uses, so its bundle stays small. */
import { makeCancelMaintenanceHandler } from '../../handlers/api/maintenances';
import { apiRoute } from '../api-parts/core';
import { maintenanceParts } from '../api-parts/maintenance';

export const handler = makeCancelMaintenanceHandler(apiRoute('cancelMaintenance', maintenanceParts));
