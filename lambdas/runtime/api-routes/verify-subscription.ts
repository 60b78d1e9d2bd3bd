/** Lambda entry: POST /v1/subscriptions/verify. It imports only what this route uses, so its bundle stays small. */
import { makeVerifySubscriptionHandler } from '../../handlers/api/subscription-steps';
import { apiRoute } from '../api-parts/core';
import { noSending, subscriberParts } from '../api-parts/subscribers';

export const handler = makeVerifySubscriptionHandler(
  apiRoute('verifySubscription', (core) => subscriberParts(core, noSending)),
);
