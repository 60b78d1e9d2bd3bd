import * as z from '../../core/schema';
import type { Subscriber } from '../../core/subscriber';
import { parseInput } from '../../core/validation';
import { ROUTES } from '../../routes';
import { apiHandler } from '../http/api-handler';
import { json } from '../http/responses';
import type { ApiDeps } from './deps';

const ImportBody = z.strictObject({ rows: z.array(z.unknown()).check(z.minLength(1), z.maxLength(500)) });

/** Imports a batch of rows; a malformed row is reported by its line and the others go in. */
export const makeImportSubscribersHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.importSubscribers, deps, async (request) => {
    const { rows } = parseInput(ImportBody, request.body);
    return json(200, await deps.subscribers.import(rows, request.actor));
  });

const ListQuery = z.object({
  limit: z._default(z.pipe(z.coerce.number(), z.int().check(z.gte(1), z.lte(1000))), 500),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))),
});

/** What an export holds of a subscriber: never its code hash or webhook secret. */
const exported = (s: Subscriber) => ({
  id: s.id,
  channel: s.channel,
  address: s.address,
  components: s.components,
  state: s.state,
  locale: s.locale,
  createdAt: s.createdAt,
  confirmedAt: s.confirmedAt,
  endedAt: s.endedAt,
  endedReason: s.endedReason,
  consent: s.consent,
});

export const makeListSubscribersHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.listSubscribers, deps, async (request) => {
    const query = parseInput(ListQuery, request.query, 'query');
    const page = await deps.subscribers.exportPage(query, request.actor);
    return json(200, { subscribers: page.items.map(exported), nextCursor: page.nextCursor });
  });
