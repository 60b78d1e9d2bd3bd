import { Logger } from '@aws-lambda-powertools/logger';
import { createDocumentClient } from '../adapters/aws/dynamodb/client';
import { createDynamoDbStores } from '../adapters/aws/dynamodb/stores';
import { composeCore } from '../composition/core';
import { type EventPublisher, type PostmortemRenderer, systemClock } from '../core/ports';
import { bundledConfig } from './bundled-config';
import { onFirstUse } from './on-first-use';

/**
 * What every function shares: the deployment's config, the table's client, the event bus and the
 * logger. Created once per execution environment and reused by every invocation.
 */
export function awsFoundation(env: { TABLE_NAME: string; EVENT_BUS_NAME?: string | undefined }) {
  return {
    // The construct's validated `config` prop, written beside the bundle at synth.
    config: bundledConfig(),
    db: createDocumentClient(),
    tableName: env.TABLE_NAME,
    events: env.EVENT_BUS_NAME ? eventBridge(env.EVENT_BUS_NAME) : readOnly,
    logger: new Logger({ serviceName: 'lifeboat' }),
  };
}

/**
 * The AWS adapters of the core, handed to the composition root (lambdas/composition/): every
 * store of the table and the core's services, for the functions that change incidents,
 * components or maintenance windows. The notifier takes only its own stores (notification-composition.ts).
 */
export function composeOnAws(
  env: { TABLE_NAME: string; EVENT_BUS_NAME?: string | undefined },
  /** What only some functions load: the postmortem renderer, in the route that writes postmortems. */
  options: { renderPostmortem?: PostmortemRenderer } = {},
) {
  const { config, db, tableName, events, logger } = awsFoundation(env);
  const stores = createDynamoDbStores(db, tableName);
  const services = composeCore({ config, stores, events, clock: systemClock, ...options });
  return { config, stores, events, services, logger };
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
