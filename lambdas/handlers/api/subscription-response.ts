import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { LifeboatError, TooManyRequestsError } from '../../core/errors';
import { ExpiredTokenError, InvalidTokenError } from '../../core/tokens';
import { MESSAGES } from '../../render/i18n';
import type { PageContext } from '../../render/pages/layout';
import { type SubscriptionPage, subscriptionPage } from '../../render/pages/subscription-pages';
import type { RequestOrigin } from '../../subscriptions/subscriber-service';
import type { ApiRequest } from '../http/api-handler';
import { htmlPage } from '../http/html-response';
import { cappedProblems, capText, json } from '../http/responses';
import type { ApiDeps } from './deps';

/** A browser (form post, or a link followed) gets HTML; an API client asking for JSON gets JSON. */
export function wantsHtml(request: ApiRequest): boolean {
  const contentType = request.header('content-type') ?? '';
  const accept = request.header('accept') ?? '';
  if (contentType.startsWith('application/x-www-form-urlencoded')) return !accept.includes('application/json');
  if (contentType.startsWith('application/json')) return false;
  return request.event.requestContext.http.method === 'GET'
    ? !accept.includes('application/json')
    : accept.includes('text/html');
}

export function originOf(request: ApiRequest): RequestOrigin {
  return {
    ip: request.event.requestContext.http.sourceIp,
    userAgent: request.header('user-agent') ?? null,
    via: wantsHtml(request) ? 'signup-form' : 'api',
  };
}

export interface SubscriptionAnswer {
  page: SubscriptionPage;
  json: unknown;
  status?: number;
  locale?: 'en' | 'fr';
}

/**
 * Runs a subscription step and answers in the form asked for. In HTML, a refused step is a page
 * that says what happened (an invalid or expired link, too many attempts, a bad field), never a
 * JSON document in a browser.
 */
export async function answer(
  request: ApiRequest,
  deps: ApiDeps,
  step: () => Promise<SubscriptionAnswer>,
): Promise<APIGatewayProxyStructuredResultV2> {
  const html = wantsHtml(request);
  const render = (
    page: SubscriptionPage,
    status: number,
    locale?: 'en' | 'fr',
    headers: Record<string, string> = {},
  ) => {
    const lang = locale ?? deps.config.page.locale;
    const ctx: PageContext = {
      config: deps.config,
      t: MESSAGES[lang],
      clock: { locale: lang, timeZone: deps.config.page.timeZone },
      site: deps.siteUrl,
    };
    return htmlPage(status, subscriptionPage(ctx, page, deps.apiUrl), headers);
  };
  try {
    const result = await step();
    return html ? render(result.page, 200, result.locale) : json(result.status ?? 200, result.json);
  } catch (error) {
    if (!html || !(error instanceof LifeboatError)) throw error;
    const headers: Record<string, string> =
      error instanceof TooManyRequestsError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    const reason =
      error instanceof ExpiredTokenError
        ? 'expired-link'
        : error instanceof InvalidTokenError
          ? 'invalid-link'
          : error instanceof TooManyRequestsError
            ? 'too-many'
            : 'bad-input';
    const details =
      reason === 'bad-input'
        ? error.errors.length
          ? cappedProblems(error.errors).map((e) => `${e.field}: ${e.message}`)
          : [capText(error.message, 1000)]
        : [];
    return render({ kind: 'error', reason, details }, error.status, undefined, headers);
  }
}
