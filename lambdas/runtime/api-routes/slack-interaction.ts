/** Lambda entry: POST /v1/slack/interactions. It imports only what this route uses, so its bundle stays small. */
import { makeSlackInteractionHandler } from '../../handlers/api/slack';
import { apiRoute } from '../api-parts/core';
import { slackParts } from '../api-parts/slack';

export const handler = makeSlackInteractionHandler(apiRoute('slackInteraction', slackParts));
