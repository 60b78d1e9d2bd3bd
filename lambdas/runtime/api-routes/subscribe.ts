/** Lambda entry: POST /v1/subscriptions. It imports only what this route uses, so its bundle stays small. */
import { makeSubscribeHandler } from '../../handlers/api/subscribe';
import { apiRoute } from '../api-parts/core';
import { subscriberParts } from '../api-parts/subscribers';
import { sendingChannels } from '../api-parts/sending';

export const handler = makeSubscribeHandler(apiRoute('subscribe', (core) => subscriberParts(core, sendingChannels(core))));
