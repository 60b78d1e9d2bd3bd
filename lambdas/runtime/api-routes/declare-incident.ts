/** Lambda entry: POST /v1/incidents. It imports only what this route uses, so its bundle stays small. */
import { makeDeclareIncidentHandler } from '../../handlers/api/declare-incident';
import { apiRoute } from '../api-parts/core';

export const handler = makeDeclareIncidentHandler(apiRoute('declareIncident'));
