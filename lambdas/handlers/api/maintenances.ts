import {
  AddMaintenanceUpdateCommand,
  CancelMaintenanceCommand,
  EditMaintenanceCommand,
  ScheduleMaintenanceCommand,
} from '../../core/commands';
import * as z from '../../core/schema';
import { parseInput } from '../../core/validation';
import { ROUTES, routeUrl } from '../../routes';
import { apiHandler } from '../http/api-handler';
import { json } from '../http/responses';
import type { ApiDeps } from './deps';
import { presentMaintenance } from './present';
import { idempotencyKeyOf, pathId } from './request';

const ListQuery = z.object({
  limit: z._default(z.pipe(z.coerce.number(), z.int().check(z.gte(1), z.lte(100))), 25),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))),
});

const replayHeader = (replayed: boolean): Record<string, string> => (replayed ? { 'idempotent-replayed': 'true' } : {});

export const makeListMaintenancesHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.listMaintenances, deps, async (request) => {
    const query = parseInput(ListQuery, request.query, 'query');
    const page = await deps.maintenances.list({ limit: query.limit, cursor: query.cursor });
    return json(200, { maintenances: page.items.map(presentMaintenance), nextCursor: page.nextCursor });
  });

export const makeGetMaintenanceHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.getMaintenance, deps, async (request) =>
    json(200, presentMaintenance(await deps.maintenances.get(pathId(request, 'maintenance')))),
  );

export const makeScheduleMaintenanceHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.scheduleMaintenance, deps, async (request) => {
    const command = parseInput(ScheduleMaintenanceCommand, request.body);
    const { maintenance, replayed } = await deps.maintenances.schedule(command, {
      actor: request.actor,
      idempotencyKey: idempotencyKeyOf(request),
    });
    return json(201, presentMaintenance(maintenance), {
      location: routeUrl(ROUTES.getMaintenance, { params: { id: maintenance.id } }),
      ...replayHeader(replayed),
    });
  });

export const makeEditMaintenanceHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.editMaintenance, deps, async (request) => {
    const id = pathId(request, 'maintenance');
    const command = parseInput(EditMaintenanceCommand, request.body);
    const { maintenance, replayed } = await deps.maintenances.edit(id, command, {
      actor: request.actor,
      idempotencyKey: idempotencyKeyOf(request),
    });
    return json(200, presentMaintenance(maintenance), replayHeader(replayed));
  });

export const makeAddMaintenanceUpdateHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.addMaintenanceUpdate, deps, async (request) => {
    const id = pathId(request, 'maintenance');
    const command = parseInput(AddMaintenanceUpdateCommand, request.body);
    const { maintenance, replayed } = await deps.maintenances.addUpdate(id, command, {
      actor: request.actor,
      idempotencyKey: idempotencyKeyOf(request),
    });
    return json(200, presentMaintenance(maintenance), replayHeader(replayed));
  });

export const makeCancelMaintenanceHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.cancelMaintenance, deps, async (request) => {
    const id = pathId(request, 'maintenance');
    const command = parseInput(CancelMaintenanceCommand, request.body ?? {});
    const { maintenance, replayed } = await deps.maintenances.cancel(id, command.body, {
      actor: request.actor,
      idempotencyKey: idempotencyKeyOf(request),
    });
    return json(200, presentMaintenance(maintenance), replayHeader(replayed));
  });
