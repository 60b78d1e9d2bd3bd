/** Lambda entry: POST /v1/subscriptions. It imports only what this route uses, so its bundle stays small. */
import { makeSubscribeHandler } from '../../handlers/api/subscribe';
import { apiRoute } from '../api-parts/core';
import { sendingChannels } from '../api-parts/sending';
import { subscriberParts } from '../api-parts/subscribers';

export const handler = makeSubscribeHandler(
  apiRoute('subscribe', (core) => subscriberParts(core, sendingChannels(core))),
);
