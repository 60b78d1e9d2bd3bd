/** Lambda entry: PUT /v1/outage-page. It imports only what this route uses, so its bundle stays small. */
import { makeSetOutageMessageHandler } from '../../handlers/api/set-outage-message';
import { apiRoute } from '../api-parts/core';

export const handler = makeSetOutageMessageHandler(apiRoute('setOutageMessage'));
