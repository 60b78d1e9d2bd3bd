/** Lambda entry: POST /v1/subscriptions/confirm. It imports only what this route uses, so its bundle stays small. */
import { makeConfirmSubscriptionHandler } from '../../handlers/api/subscription-steps';
import { apiRoute } from '../api-parts/core';
import { noSending, subscriberParts } from '../api-parts/subscribers';

export const handler = makeConfirmSubscriptionHandler(
  apiRoute('confirmSubscription', (core) => subscriberParts(core, noSending)),
);
