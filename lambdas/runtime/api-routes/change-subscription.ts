/** Lambda entry: POST /v1/subscriptions/manage. It imports only what this route uses, so its bundle stays small. */
import { makeChangeSubscriptionHandler } from '../../handlers/api/subscription-steps';
import { apiRoute } from '../api-parts/core';
import { noSending, subscriberParts } from '../api-parts/subscribers';

export const handler = makeChangeSubscriptionHandler(
  apiRoute('changeSubscription', (core) => subscriberParts(core, noSending)),
);
