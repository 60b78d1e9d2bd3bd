/** Lambda entry: GET /v1/subscriptions/unsubscribe. It imports only what this route uses, so its bundle stays small. */
import { makeShowUnsubscribeHandler } from '../../handlers/api/subscription-steps';
import { apiRoute } from '../api-parts/core';
import { noSending, subscriberParts } from '../api-parts/subscribers';

export const handler = makeShowUnsubscribeHandler(
  apiRoute('showUnsubscribe', (core) => subscriberParts(core, noSending)),
);
