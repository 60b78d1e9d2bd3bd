/**
 * Lambda entry: PUT /v1/incidents/{id}/postmortem. It imports only what this route uses, so its
 * bundle stays small; it is the one function that loads the Markdown renderer, since a postmortem
 * is rendered once, when it is written.
 */
import { makeWritePostmortemHandler } from '../../handlers/api/write-postmortem';
import { renderPostmortem } from '../../render/postmortem-html';
import { apiRoute } from '../api-parts/core';

export const handler = makeWritePostmortemHandler(apiRoute('writePostmortem', undefined, { renderPostmortem }));
