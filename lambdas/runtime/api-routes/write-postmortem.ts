/** Lambda entry: PUT /v1/incidents/{id}/postmortem. It imports only what this route uses, so its bundle stays small. */
import { makeWritePostmortemHandler } from '../../handlers/api/write-postmortem';
import { apiRoute } from '../api-parts/core';

export const handler = makeWritePostmortemHandler(apiRoute('writePostmortem'));
