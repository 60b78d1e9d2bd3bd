import { WritePostmortemCommand } from '../../core/commands';
import { parseInput } from '../../core/validation';
import { ROUTES } from '../../routes';
import { apiHandler } from '../http/api-handler';
import { json } from '../http/responses';
import type { ApiDeps } from './deps';
import { presentIncident } from './present';
import { idempotencyKeyOf, pathId } from './request';

export const makeWritePostmortemHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.writePostmortem, deps, async (request) => {
    const id = pathId(request, 'incident');
    const command = parseInput(WritePostmortemCommand, request.body);
    const { incident, replayed } = await deps.incidents.writePostmortem(id, command, {
      actor: request.actor,
      idempotencyKey: idempotencyKeyOf(request),
    });
    return json(200, presentIncident(incident), replayed ? { 'idempotent-replayed': 'true' } : {});
  });
