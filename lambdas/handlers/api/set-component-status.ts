import { SetComponentStatusCommand } from '../../core/commands';
import { parseInput } from '../../core/validation';
import { ROUTES } from '../../routes';
import { apiHandler } from '../http/api-handler';
import { json } from '../http/responses';
import type { ApiDeps } from './deps';
import { pathId } from './request';

export const makeSetComponentStatusHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.setComponentStatus, deps, async (request) => {
    const id = pathId(request, 'component');
    const command = parseInput(SetComponentStatusCommand, request.body);
    return json(200, await deps.components.setStatus(id, command.status, request.actor));
  });
