/**
 * `lifeboat page publish`: renders the status page from a table (the recovery region's replica or a
 * restored table) or from an export file, and publishes it straight to a bucket (the replica bucket
 * of the recovery region) with the caller's own AWS credentials. The path that needs nothing of
 * Lifeboat's primary region: no API, no functions, no event bus.
 */

import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { CloudFrontInvalidation } from '../adapters/aws/cloudfront-invalidation';
import { createDocumentClient } from '../adapters/aws/dynamodb/client';
import { createDynamoDbStores } from '../adapters/aws/dynamodb/stores';
import { S3SiteBucket } from '../adapters/aws/s3-site-bucket';
import { NoContentDelivery } from '../adapters/local/no-cdn';
import { composeCore } from '../composition/core';
import type { Actor } from '../core/actor';
import { AddIncidentUpdateCommand, DeclareIncidentCommand } from '../core/commands';
import type { LifeboatConfig } from '../core/config';
import { ValidationError } from '../core/errors';
import { type Clock, type EventPublisher, systemClock } from '../core/ports';
import { parseInput } from '../core/validation';
import { loadSiteState } from '../publish/load-site-state';
import { type PublishReport, SitePublisher } from '../publish/site-publisher';
import { renderSite } from '../render/render-site';
import { importTable, readExport } from './table-snapshot';

export interface PagePublishOptions {
  config: LifeboatConfig;
  /** The bucket to write (the page's replica, or the primary). */
  bucket: string;
  source: { kind: 'table'; tableName: string } | { kind: 'export'; path: string };
  region?: string | undefined;
  /** Endpoints other than AWS's (tests, emulators). */
  dynamoDbEndpoint?: string | undefined;
  s3Endpoint?: string | undefined;
  /** The distribution to invalidate changed long-lived files on; none by default. */
  distributionId?: string | undefined;
  /** Where the page's subscribe form posts; without it the form is left out (the API may be down too). */
  apiUrl?: string | undefined;
  /** What the outage holding page (/outage/) says, instead of what the table holds. */
  outageMessage?: string | undefined;
  /**
   * A declare or an update to show on the page, applied to the export's copy of the state only
   * (an export source is required): nothing is sent and no table of the service changes. Post it
   * through the API too once the region is back, so that it is recorded and subscribers hear it.
   */
  change?: { kind: 'declare'; command: unknown } | { kind: 'update'; incidentId: string; command: unknown } | undefined;
  clock?: Clock;
}

/** The author of a change made with `page publish`, in the audit trail of the export's copy. */
const ON_CALL: Actor = { channel: 'cli', name: 'page publish' };

/** Nothing is published to the bus from here: the page is rendered, nothing else changes. */
const noEvents: EventPublisher = {
  publish: async () => {
    throw new Error('page publish is read-only');
  },
};

export async function publishPage(options: PagePublishOptions): Promise<PublishReport> {
  const region = options.region ? { region: options.region } : {};
  const closers: (() => Promise<void> | void)[] = [];
  try {
    let tableName: string;
    let dynamo: { endpoint?: string; region?: string; credentials?: { accessKeyId: string; secretAccessKey: string } } =
      {
        ...region,
        ...(options.dynamoDbEndpoint ? { endpoint: options.dynamoDbEndpoint } : {}),
      };
    if (options.source.kind === 'export') {
      // The export is loaded into an in-memory DynamoDB of this process, so the page is rendered by
      // the same code as on AWS. (The emulators are dev dependencies of a clone; loaded only here.)
      const { startDynamoDb, LOCAL_CREDENTIALS, LOCAL_REGION } = await import('../local/emulators');
      const emulator = await startDynamoDb();
      closers.push(() => emulator.close());
      dynamo = { endpoint: emulator.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
      tableName = 'lifeboat-export';
      const raw = new DynamoDBClient(dynamo);
      closers.push(() => raw.destroy());
      await importTable(raw, tableName, readExport(options.source.path));
    } else {
      tableName = options.source.tableName;
    }
    const db = createDocumentClient(dynamo);
    closers.push(() => db.destroy());
    const clock = options.clock ?? systemClock;
    const stores = createDynamoDbStores(db, tableName, () => clock.now().getTime());
    const services = composeCore({ config: options.config, stores, events: noEvents, clock });
    const { change } = options;
    if (change) {
      if (options.source.kind !== 'export') {
        throw new ValidationError('A declare or update is applied to an export only, never to a table of the service', {
          errors: [
            {
              field: 'from-export',
              message: 'export the table first (lifeboat table export), then publish from the file',
            },
          ],
        });
      }
      if (change.kind === 'declare')
        await services.incidents.declare(parseInput(DeclareIncidentCommand, change.command), { actor: ON_CALL });
      else
        await services.incidents.addUpdate(change.incidentId, parseInput(AddIncidentUpdateCommand, change.command), {
          actor: ON_CALL,
        });
    }

    // The caller's credentials and region as the AWS CLI finds them (environment, profile, SSO...).
    const bucket = new S3SiteBucket({
      bucket: options.bucket,
      region: options.region ?? (await sdkDefaultRegion()),
      endpoint: options.s3Endpoint,
      credentials: defaultProvider(),
    });
    const cloudFront = options.distributionId ? new CloudFrontClient({}) : undefined;
    if (cloudFront) closers.push(() => cloudFront.destroy());
    const publisher = new SitePublisher({
      bucket,
      cdn: cloudFront ? new CloudFrontInvalidation(cloudFront, options.distributionId!) : new NoContentDelivery(),
      render: async () => {
        const state = await loadSiteState(stores, options.config, clock, options.apiUrl ?? null);
        return renderSite(
          options.outageMessage === undefined ? state : { ...state, outageMessage: options.outageMessage },
        );
      },
    });
    return await publisher.publish();
  } finally {
    for (const close of closers.reverse()) await close();
  }
}

/** The region an SDK client would use when none is given (AWS_REGION, then the profile's). */
async function sdkDefaultRegion(): Promise<string> {
  const client = new DynamoDBClient({});
  try {
    return await client.config.region();
  } finally {
    client.destroy();
  }
}
