import { readEnvironment } from '../environment';
import { composeMaintenancesOnAws, MaintenanceTimerEnvironment } from '../maintenance-composition';
import type { RouteCore } from './core';
import type { DepsBuilders } from './route-deps';

/** Maintenances with their timers, for the routes that schedule, change or cancel them. */
export function maintenanceParts(core: RouteCore): DepsBuilders {
  return { maintenances: () => composeMaintenancesOnAws(readEnvironment(MaintenanceTimerEnvironment), core) };
}
