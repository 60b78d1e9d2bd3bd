/** Lambda entry: PATCH /v1/components/{id}. It imports only what this route uses, so its bundle stays small. */
import { makeSetComponentStatusHandler } from '../../handlers/api/set-component-status';
import { apiRoute } from '../api-parts/core';

export const handler = makeSetComponentStatusHandler(apiRoute('setComponentStatus'));
