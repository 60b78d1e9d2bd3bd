import { ROUTES } from '../../routes';
import { apiHandler } from '../http/api-handler';
import { json } from '../http/responses';
import type { ApiDeps } from './deps';

export const makeHealthHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.health, deps, async () =>
    json(200, { status: 'ok', page: deps.config.page.name, timeZone: deps.config.page.timeZone }),
  );
