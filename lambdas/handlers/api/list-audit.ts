import * as z from '../../core/schema';
import { parseInput } from '../../core/validation';
import { ROUTES } from '../../routes';
import { apiHandler } from '../http/api-handler';
import { json } from '../http/responses';
import type { ApiDeps } from './deps';

const Query = z.object({
  /** A UTC day; defaults to today. */
  date: z.optional(z.iso.date()),
});

export const makeListAuditHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.listAudit, deps, async (request) => {
    const day = parseInput(Query, request.query, 'query').date ?? new Date().toISOString().slice(0, 10);
    return json(200, { date: day, entries: await deps.audit.listDay(day) });
  });
