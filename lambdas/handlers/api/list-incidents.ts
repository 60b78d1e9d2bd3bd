import * as z from '../../core/schema';
import { parseInput } from '../../core/validation';
import { ROUTES } from '../../routes';
import { apiHandler } from '../http/api-handler';
import { json } from '../http/responses';
import type { ApiDeps } from './deps';
import { presentIncident } from './present';

const Query = z.object({
  /** `open`: every open incident; `all`: every incident, newest first, a page at a time. */
  status: z._default(z.enum(['open', 'all']), 'all'),
  limit: z._default(z.pipe(z.coerce.number(), z.int().check(z.gte(1), z.lte(100))), 25),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))),
});

export const makeListIncidentsHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.listIncidents, deps, async (request) => {
    const query = parseInput(Query, request.query, 'query');
    if (query.status === 'open') {
      const open = await deps.incidents.listOpen();
      open.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
      return json(200, { incidents: open.map(presentIncident), nextCursor: null });
    }
    const page = await deps.incidents.list({ limit: query.limit, cursor: query.cursor });
    return json(200, { incidents: page.items.map(presentIncident), nextCursor: page.nextCursor });
  });
