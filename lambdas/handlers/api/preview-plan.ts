import { ROUTES } from '../../routes';
import { apiHandler } from '../http/api-handler';
import { json } from '../http/responses';
import type { ApiDeps } from './deps';
import { pathId } from './request';

/** The dry run: every message the plan would send for the incident's latest update, sending none. */
export const makePreviewPlanHandler = (deps: ApiDeps) =>
  apiHandler(ROUTES.previewPlan, deps, async (request) => {
    const incident = await deps.incidents.get(pathId(request, 'incident'));
    const messages = await deps.notifications.preview(incident);
    await deps.subscribers.recordPlanPreview(request.actor, incident, messages.length);
    return json(200, {
      incident: { id: incident.id, name: incident.name, impact: incident.impact, status: incident.status },
      messages: messages.map(({ channel, to, subject, body, email }) => ({
        channel,
        to,
        subject,
        body,
        headers: email?.headers ?? {},
      })),
    });
  });
