import { DeclareIncidentCommand } from '../../core/commands';
import { parseInput } from '../../core/validation';
import { ROUTES, routeUrl } from '../../routes';
import { apiHandler } from '../http/api-handler';
import { json } from '../http/responses';
import type { ApiDeps } from './deps';
import { presentIncident } from './present';
import { idempotencyKeyOf } from './request';

export const makeDeclareIncidentHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.declareIncident, deps, async (request) => {
    const command = parseInput(DeclareIncidentCommand, request.body);
    const { incident, replayed } = await deps.incidents.declare(command, {
      actor: request.actor,
      idempotencyKey: idempotencyKeyOf(request),
    });
    // A replay answers exactly as the first request did, and says it is a replay.
    return json(201, presentIncident(incident), {
      location: routeUrl(ROUTES.getIncident, { params: { id: incident.id } }),
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
  });
