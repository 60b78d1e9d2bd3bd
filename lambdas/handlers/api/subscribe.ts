import { SubscribeCommand } from '../../core/subscriber-commands';
import { parseInput } from '../../core/validation';
import { ROUTES, routeUrl } from '../../routes';
import { apiHandler } from '../http/api-handler';
import type { ApiDeps } from './deps';
import { answer, originOf } from './subscription-response';

/**
 * A sign-up. The answer is the same whether the address is new or known: it never tells who is
 * subscribed.
 */
export const makeSubscribeHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.subscribe, deps, (request) =>
    answer(request, deps, async () => {
      const command = parseInput(SubscribeCommand, request.body);
      const outcomes = await deps.subscribers.subscribe(command, originOf(request));
      const sms = outcomes.find((o) => o.channel === 'sms');
      const json = {
        status: 'pending',
        message: 'If the address can receive our updates, a confirmation is on its way.',
        ...(sms && 'verifyToken' in sms
          ? { verify: { url: routeUrl(ROUTES.verifySubscription, { base: deps.apiUrl }), token: sms.verifyToken } }
          : {}),
      };
      const locale = command.locale;
      if (sms && 'verifyToken' in sms)
        return { page: { kind: 'enter-code', token: sms.verifyToken }, json, status: 202, locale };
      const page = outcomes.some((o) => o.channel === 'webhook')
        ? ({ kind: 'webhook-sent' } as const)
        : ({ kind: 'check-inbox' } as const);
      return { page, json, status: 202, locale };
    }),
  );
