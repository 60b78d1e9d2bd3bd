import { ROUTES } from '../../routes';
import { apiHandler } from '../http/api-handler';
import { json } from '../http/responses';
import type { ApiDeps } from './deps';
import { presentIncident, presentMaintenance } from './present';

export const makeGetStatusHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.getStatus, deps, async () => {
    const [{ status, components, openIncidents }, maintenances] = await Promise.all([
      deps.components.summary(),
      deps.maintenances.current(),
    ]);
    return json(200, {
      page: {
        id: deps.config.page.id,
        name: deps.config.page.name,
        url: deps.config.page.url,
        timeZone: deps.config.page.timeZone,
      },
      status,
      components,
      incidents: openIncidents.map(presentIncident),
      /** Maintenance windows in progress or ahead, soonest first. */
      maintenances: maintenances.map(presentMaintenance),
    });
  });
