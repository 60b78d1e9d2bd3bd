import { ROUTES } from '../../routes';
import { apiHandler } from '../http/api-handler';
import { json } from '../http/responses';
import type { ApiDeps } from './deps';
import { presentIncident } from './present';
import { pathId } from './request';

export const makeGetIncidentHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.getIncident, deps, async (request) =>
    json(200, presentIncident(await deps.incidents.get(pathId(request, 'incident')))),
  );
