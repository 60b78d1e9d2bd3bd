import { ResolveIncidentCommand } from '../../core/commands';
import { parseInput } from '../../core/validation';
import { ROUTES } from '../../routes';
import { apiHandler } from '../http/api-handler';
import { json } from '../http/responses';
import type { ApiDeps } from './deps';
import { presentIncident } from './present';
import { idempotencyKeyOf, pathId } from './request';

export const makeResolveIncidentHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.resolveIncident, deps, async (request) => {
    const id = pathId(request, 'incident');
    // An empty body is fine: resolving needs nothing more than the incident's id.
    const command = parseInput(ResolveIncidentCommand, request.body ?? {});
    const { incident, replayed } = await deps.incidents.resolve(id, command.body, {
      actor: request.actor,
      idempotencyKey: idempotencyKeyOf(request),
    });
    return json(200, presentIncident(incident), replayed ? { 'idempotent-replayed': 'true' } : {});
  });
