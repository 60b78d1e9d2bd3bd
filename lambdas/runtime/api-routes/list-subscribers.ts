/** Lambda entry: GET /v1/subscribers. It imports only what this route uses, so its bundle stays small. */
import { makeListSubscribersHandler } from '../../handlers/api/subscribers-admin';
import { apiRoute } from '../api-parts/core';
import { noSending, subscriberParts } from '../api-parts/subscribers';

export const handler = makeListSubscribersHandler(
  apiRoute('listSubscribers', (core) => subscriberParts(core, noSending)),
);
