/**
 * The outbox relay on AWS. Invoked two ways: by the table's DynamoDB stream, with what each change
 * added to an item's outbox (the fast path), and every minute by a schedule, to sweep up events
 * waiting longer than a minute (a stream batch that failed past its retries). Both pass the events
 * to EventBridge and then take them out of the outbox.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { createDocumentClient } from '../adapters/aws/dynamodb/client';
import { DynamoDbEventOutbox } from '../adapters/aws/dynamodb/event-outbox';
import { EventBridgePublisher } from '../adapters/aws/eventbridge-publisher';
import { OutboxRelay } from '../core/outbox-relay';
import * as z from '../core/schema';
import { makeOutboxRelayHandler } from '../handlers/outbox-relay';
import { composeOnAws } from './aws-composition';
import { CoreEnvironment, readEnvironment } from './environment';

const env = readEnvironment(z.extend(CoreEnvironment, { EVENT_BUS_NAME: z.string().check(z.minLength(1)) }));
const { logger } = composeOnAws(env);
const outbox = new DynamoDbEventOutbox(createDocumentClient(), env.TABLE_NAME);
const relay = new OutboxRelay({
  outbox,
  sink: new EventBridgePublisher(new EventBridgeClient({}), env.EVENT_BUS_NAME),
  onError: (error, pending) =>
    logger.error('Relaying events failed; they stay in the outbox', { error: error as Error, source: pending.source }),
});

export const handler = makeOutboxRelayHandler({ relay, logger, loadBody: outbox.loadBody });
