import { NotFoundError } from '../../core/errors';
import * as z from '../../core/schema';
import { parseInput } from '../../core/validation';
import { ROUTES } from '../../routes';
import { verifySlackSignature } from '../../slack/signature';
import { type Delivery, SlashCommandForm } from '../../slack/slack-service';
import { type ApiRequest, apiHandler } from '../http/api-handler';
import { json } from '../http/responses';
import type { ApiDeps } from './deps';

/** Checks the Slack signature on the raw body before anything else is read. */
async function verified(
  request: ApiRequest,
  deps: ApiDeps,
): Promise<{ slack: NonNullable<ApiDeps['slack']>; delivery: Delivery }> {
  if (!deps.slack) throw new NotFoundError('Slack is not set up for this Lifeboat (no `slack` in the config)');
  const { event } = request;
  const rawBody = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const signature = request.header('x-slack-signature');
  verifySlackSignature(
    { rawBody, timestamp: request.header('x-slack-request-timestamp'), signature },
    await deps.slack.signingSecret(),
    Math.floor(Date.now() / 1000),
  );
  return {
    slack: deps.slack,
    delivery: { signature: signature!, retry: request.header('x-slack-retry-num') !== undefined },
  };
}

/** Slack shows a 200's JSON body to the user; an empty 200 says "nothing to show". */
const slackAnswer = (body: unknown) => (body === null ? { statusCode: 200, body: '' } : json(200, body));

export const makeSlackCommandHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.slackCommand, deps, async (request) => {
    const { slack, delivery } = await verified(request, deps);
    const form = parseInput(SlashCommandForm, request.body);
    return slackAnswer(await slack.service.handleCommand(form, delivery));
  });

const InteractionForm = z.object({
  payload: z.pipe(
    z.string(),
    z.transform((text: string, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.issues.push({ code: 'custom', message: 'not JSON', input: text });
        return z.NEVER;
      }
    }),
  ),
});

export const makeSlackInteractionHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.slackInteraction, deps, async (request) => {
    const { slack, delivery } = await verified(request, deps);
    const { payload } = parseInput(InteractionForm, request.body);
    return slackAnswer(await slack.service.handleInteraction(payload, delivery));
  });
