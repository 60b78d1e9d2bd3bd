import { ROUTES } from '../../routes';
import { apiHandler } from '../http/api-handler';
import { json } from '../http/responses';
import type { ApiDeps } from './deps';
import { presentIncident } from './present';

export const makeGetStatusHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.getStatus, deps, async () => {
    const { status, components, openIncidents } = await deps.components.summary();
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
    });
  });
