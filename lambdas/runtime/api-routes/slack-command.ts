/** Lambda entry: POST /v1/slack/commands. It imports only what this route uses, so its bundle stays small. */
import { makeSlackCommandHandler } from '../../handlers/api/slack';
import { apiRoute } from '../api-parts/core';
import { slackParts } from '../api-parts/slack';

export const handler = makeSlackCommandHandler(apiRoute('slackCommand', slackParts));
