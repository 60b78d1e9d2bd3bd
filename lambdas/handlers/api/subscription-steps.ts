import * as z from '../../core/schema';
import { parseInput } from '../../core/validation';
import { ROUTES } from '../../routes';
import { WrongCodeError } from '../../subscriptions/subscriber-service';
import { apiHandler } from '../http/api-handler';
import type { ApiDeps } from './deps';
import { answer, originOf, wantsHtml } from './subscription-response';

/** The steps after signing up: each is reached through a signed link or a form carrying one. */

const Token = z.object({ token: z.optional(z.string().check(z.maxLength(2000))) });

/** A GET must not confirm: corporate link scanners follow every link. It asks, with a button that POSTs. */
export const makeShowConfirmationHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.showConfirmation, deps, (request) =>
    answer(request, deps, async () => {
      const subscriber = await deps.subscribers.confirmation(request.query.token);
      return {
        page: { kind: 'confirm-subscription', token: request.query.token! },
        json: { status: subscriber.state },
        locale: subscriber.locale,
      };
    }),
  );

/** The confirmation page's button; the token comes in the query (the form's action) or the body. */
export const makeConfirmSubscriptionHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.confirmSubscription, deps, (request) =>
    answer(request, deps, async () => {
      const form = parseInput(Token, request.body ?? {});
      const subscriber = await deps.subscribers.confirm(request.query.token ?? form.token, originOf(request));
      const manageUrl = await deps.subscribers.manageUrl(subscriber);
      return { page: { kind: 'confirmed', manageUrl }, json: { status: 'confirmed' }, locale: subscriber.locale };
    }),
  );

export const makeVerifySubscriptionHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.verifySubscription, deps, async (request) => {
    const form = parseInput(
      z.extend(Token, { code: z.optional(z.string().check(z.maxLength(20))) }),
      request.body ?? {},
    );
    return answer(request, deps, async () => {
      try {
        const subscriber = await deps.subscribers.verifySms(form.token, form.code, originOf(request));
        const manageUrl = await deps.subscribers.manageUrl(subscriber);
        return { page: { kind: 'confirmed', manageUrl }, json: { status: 'confirmed' }, locale: subscriber.locale };
      } catch (error) {
        // In a browser a wrong code shows the form again, with the same token, to try once more.
        if (!(error instanceof WrongCodeError) || !wantsHtml(request) || !form.token) throw error;
        return { page: { kind: 'enter-code', token: form.token, wrongCode: true }, json: null };
      }
    });
  });

export const makeShowSubscriptionHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.showSubscription, deps, (request) =>
    answer(request, deps, async () => {
      const token = request.query.token;
      const subscriber = await deps.subscribers.manage(token);
      if (subscriber.state === 'unsubscribed' || subscriber.state === 'suppressed') {
        return { page: { kind: 'unsubscribed' }, json: { status: subscriber.state }, locale: subscriber.locale };
      }
      return {
        page: { kind: 'manage', subscriber, components: await deps.components.list(), token: token! },
        json: {
          address: subscriber.address,
          channel: subscriber.channel,
          components: subscriber.components,
          status: subscriber.state,
        },
        locale: subscriber.locale,
      };
    }),
  );

const ChangeForm = z.extend(Token, {
  action: z._default(z.enum(['save', 'unsubscribe']), 'save'),
  /** One component from a form's single checkbox, or a list. */
  components: z.optional(
    z.pipe(
      z.transform((v: unknown) => (typeof v === 'string' ? [v] : v)),
      z.array(z.string()),
    ),
  ),
});

export const makeChangeSubscriptionHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.changeSubscription, deps, (request) =>
    answer(request, deps, async () => {
      const form = parseInput(ChangeForm, request.body ?? {});
      if (form.action === 'unsubscribe') {
        const subscriber = await deps.subscribers.unsubscribe(form.token, 'manage');
        return { page: { kind: 'unsubscribed' }, json: { status: 'unsubscribed' }, locale: subscriber.locale };
      }
      const subscriber = await deps.subscribers.setComponents(form.token, form.components);
      return {
        page: { kind: 'manage', subscriber, components: await deps.components.list(), token: form.token!, saved: true },
        json: { components: subscriber.components, status: subscriber.state },
        locale: subscriber.locale,
      };
    }),
  );

/** A GET must not unsubscribe: mail scanners follow links. It asks, with a button that POSTs. */
export const makeShowUnsubscribeHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.showUnsubscribe, deps, (request) =>
    answer(request, deps, async () => {
      const subscriber = await deps.subscribers.manageFor(request.query.token, 'unsubscribe');
      return {
        page: { kind: 'confirm-unsubscribe', token: request.query.token! },
        json: { status: subscriber.state },
        locale: subscriber.locale,
      };
    }),
  );

/** RFC 8058 one-click: a POST with `List-Unsubscribe=One-Click` to the link in the email header. */
export const makeUnsubscribeHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.unsubscribe, deps, (request) =>
    answer(request, deps, async () => {
      const subscriber = await deps.subscribers.unsubscribe(request.query.token, 'unsubscribe');
      return { page: { kind: 'unsubscribed' }, json: { status: 'unsubscribed' }, locale: subscriber.locale };
    }),
  );
