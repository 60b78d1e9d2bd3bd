import { ROUTES } from '../../routes';
import { apiHandler } from '../http/api-handler';
import { json } from '../http/responses';
import type { ApiDeps } from './deps';

export const makeListComponentsHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.listComponents, deps, async () => {
    const groups = deps.config.groups.map((g) => ({ id: g.id, name: g.name, description: g.description ?? null }));
    return json(200, { components: await deps.components.list(), groups });
  });
