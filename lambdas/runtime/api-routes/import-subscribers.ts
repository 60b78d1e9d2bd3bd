/** Lambda entry: POST /v1/subscribers/import. It imports only what this route uses, so its bundle stays small. */
import { makeImportSubscribersHandler } from '../../handlers/api/subscribers-admin';
import { apiRoute } from '../api-parts/core';
import { sendingChannels } from '../api-parts/sending';
import { subscriberParts } from '../api-parts/subscribers';

export const handler = makeImportSubscribersHandler(
  apiRoute('importSubscribers', (core) => subscriberParts(core, sendingChannels(core))),
);
