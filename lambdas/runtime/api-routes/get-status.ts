/** Lambda entry: GET /v1/status. It imports only what this route uses, so its bundle stays small. */
import { makeGetStatusHandler } from '../../handlers/api/get-status';
import { apiRoute } from '../api-parts/core';

export const handler = makeGetStatusHandler(apiRoute('getStatus'));
