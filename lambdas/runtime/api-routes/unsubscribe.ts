/** Lambda entry: POST /v1/subscriptions/unsubscribe. It imports only what this route uses, so its bundle stays small. */
import { makeUnsubscribeHandler } from '../../handlers/api/subscription-steps';
import { apiRoute } from '../api-parts/core';
import { noSending, subscriberParts } from '../api-parts/subscribers';

export const handler = makeUnsubscribeHandler(apiRoute('unsubscribe', (core) => subscriberParts(core, noSending)));
