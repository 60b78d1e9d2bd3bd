import { SetOutageMessageCommand } from '../../core/commands';
import { parseInput } from '../../core/validation';
import { ROUTES } from '../../routes';
import { apiHandler } from '../http/api-handler';
import { json } from '../http/responses';
import type { ApiDeps } from './deps';

export const makeSetOutageMessageHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.setOutageMessage, deps, async (request) => {
    const { message } = parseInput(SetOutageMessageCommand, request.body);
    const saved = await deps.pageSettings.setOutageMessage(message, request.actor);
    return json(200, { message: saved.outageMessage, updatedAt: saved.updatedAt });
  });
