import { Logger } from '@aws-lambda-powertools/logger';
import { createDocumentClient } from '../adapters/aws/dynamodb/client';
import { createDynamoDbStores } from '../adapters/aws/dynamodb/stores';
import { composeCore } from '../composition/core';
import { type EventPublisher, type PostmortemRenderer, systemClock } from '../core/ports';
import { bundledConfig } from './bundled-config';
import { onFirstUse } from './on-first-use';

/**
 * The AWS adapters of the core, handed to the composition root (lambdas/composition.ts): the one
 * place a Lambda picks them. Clients are created once per execution environment and reused by
 * every invocation.
 */
export function composeOnAws(
  env: { TABLE_NAME: string; EVENT_BUS_NAME?: string | undefined },
  /** What only some functions load: the postmortem renderer, in the route that writes postmortems. */
  options: { renderPostmortem?: PostmortemRenderer } = {},
) {
  // The construct's validated `config` prop, written beside the bundle at synth.
  const lifeboatConfig = bundledConfig();
  const stores = createDynamoDbStores(createDocumentClient(), env.TABLE_NAME);
  const events: EventPublisher = env.EVENT_BUS_NAME ? eventBridge(env.EVENT_BUS_NAME) : readOnly;
  const services = composeCore({ config: lifeboatConfig, stores, events, clock: systemClock, ...options });
  const logger = new Logger({ serviceName: 'lifeboat' });
  return { config: lifeboatConfig, stores, events, services, logger };
}

/**
 * Events go to EventBridge, whose client loads with the first publish: most requests write to the
 * table's outbox and publish nothing themselves.
 */
function eventBridge(busName: string): EventPublisher {
  const publisher = onFirstUse(async () => {
    const [{ EventBridgeClient }, { EventBridgePublisher }] = await Promise.all([
      import('@aws-sdk/client-eventbridge'),
      import('../adapters/aws/eventbridge-publisher'),
    ]);
    return new EventBridgePublisher(new EventBridgeClient({}), busName);
  });
  return { publish: async (events) => (await publisher()).publish(events) };
}

/** The event port of a function that must not change anything. */
const readOnly: EventPublisher = {
  publish: async () => {
    throw new Error('This function is read-only: it has no event bus to publish to');
  },
};
