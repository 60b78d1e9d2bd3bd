/** Lambda entry: GET /v1/audit. It imports only what this route uses, so its bundle stays small. */
import { makeListAuditHandler } from '../../handlers/api/list-audit';
import { apiRoute } from '../api-parts/core';

export const handler = makeListAuditHandler(apiRoute('listAudit'));
