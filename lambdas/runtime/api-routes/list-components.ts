/** Lambda entry: GET /v1/components. It imports only what this route uses, so its bundle stays small. */
import { makeListComponentsHandler } from '../../handlers/api/list-components';
import { apiRoute } from '../api-parts/core';

export const handler = makeListComponentsHandler(apiRoute('listComponents'));
