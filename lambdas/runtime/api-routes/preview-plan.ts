/** Lambda entry: GET /v1/incidents/{id}/plan. It imports only what this route uses, so its bundle stays small. */
import { makePreviewPlanHandler } from '../../handlers/api/preview-plan';
import { apiRoute } from '../api-parts/core';
import { planPreviewParts } from '../api-parts/plan-preview';

export const handler = makePreviewPlanHandler(apiRoute('previewPlan', planPreviewParts));
