/** Lambda entry: GET /v1/subscriptions/confirm. It imports only what this route uses, so its bundle stays small. */
import { makeShowConfirmationHandler } from '../../handlers/api/subscription-steps';
import { apiRoute } from '../api-parts/core';
import { noSending, subscriberParts } from '../api-parts/subscribers';

export const handler = makeShowConfirmationHandler(
  apiRoute('showConfirmation', (core) => subscriberParts(core, noSending)),
);
