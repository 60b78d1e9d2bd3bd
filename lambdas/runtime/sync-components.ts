/**
 * A CloudFormation custom resource, run on every deploy that changes the components: gives each
 * configured component its stored state, so timestamps such as Statuspage's `created_at` are real
 * from the first request on, then asks for the status site to be published. It answers CloudFormation itself, so no provider framework (with a
 * runtime and architecture of its own) is needed.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { SYSTEM_ACTOR } from '../core/actor';
import { composeOnAws } from './aws-composition';
import { CoreEnvironment, readEnvironment } from './environment';

const { services, logger, config, events } = composeOnAws(readEnvironment(CoreEnvironment));

export const handler = async (event: CloudFormationCustomResourceEvent): Promise<void> => {
  let status: 'SUCCESS' | 'FAILED' = 'SUCCESS';
  let reason = 'Components synchronised';
  try {
    if (event.RequestType !== 'Delete') {
      await services.components.sync();
      logger.info(reason, { components: config.components.map((c) => c.id) });
      // The bundled config (page name, components) may have changed: rebuild the site.
      await events.publish([
        {
          type: 'site.publish_requested',
          id: `deploy.${event.RequestId}`,
          occurredAt: new Date().toISOString(),
          actor: SYSTEM_ACTOR,
          reason: 'deployed',
        },
      ]);
    }
  } catch (error) {
    status = 'FAILED';
    reason = `Could not synchronise components: ${(error as Error).message}`;
    logger.error(reason, error as Error);
  }
  // CloudFormation waits for this answer; without it a deploy would hang for an hour.
  const response = await fetch(event.ResponseURL, {
    method: 'PUT',
    headers: { 'content-type': '' },
    body: JSON.stringify({
      Status: status,
      Reason: reason,
      PhysicalResourceId: 'lifeboat-components',
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
    }),
  });
  if (!response.ok) throw new Error(`CloudFormation refused the response: ${response.status}`);
};
