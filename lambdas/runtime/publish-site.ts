/**
 * Rebuilds and publishes the status site. Domain events reach it through a FIFO queue with a
 * single message group, so publishes never overlap (an older state can never overwrite a newer
 * one) and a burst of events arrives as one batch: one publish, whatever the batch holds.
 */
import type { SQSEvent } from 'aws-lambda';
import { createDynamoDbSiteStores } from '../adapters/aws/dynamodb/stores';
import { S3SiteBucket } from '../adapters/aws/s3-site-bucket';
import { systemClock } from '../core/ports';
import * as z from '../core/schema';
import { loadSiteState } from '../publish/load-site-state';
import type { ContentDelivery } from '../publish/ports';
import { SITE_COPY_FAILED, SiteCopies, type SiteCopy } from '../publish/site-copies';
import { renderSite } from '../render/render-site';
import { awsFoundation } from './aws-composition';
import { CoreEnvironment, readEnvironment } from './environment';
import { onFirstUse } from './on-first-use';

const env = readEnvironment(
  z.extend(CoreEnvironment, {
    SITE_BUCKET_NAME: z.string().check(z.minLength(1)),
    DISTRIBUTION_ID: z.string().check(z.minLength(1)),
    PUBLIC_API_URL: z.url(),
    // The page's copy in a second region (the CloudFront origin group's fallback), when there is one.
    REPLICA_SITE_BUCKET_NAME: z.optional(z.string().check(z.minLength(1))),
    REPLICA_SITE_BUCKET_REGION: z.optional(z.string().check(z.minLength(1))),
  }),
);
// The site's stores alone, read directly: the publisher changes nothing.
const { config, db, tableName, logger } = awsFoundation(env);
const stores = createDynamoDbSiteStores(db, tableName);
// Only a change of long-lived files (styles, scripts) needs an invalidation: the CloudFront client
// (the SDK's largest here) loads then, not in every cold start.
const invalidation = onFirstUse(async () => {
  const [{ CloudFrontClient }, { CloudFrontInvalidation }] = await Promise.all([
    import('@aws-sdk/client-cloudfront'),
    import('../adapters/aws/cloudfront-invalidation'),
  ]);
  return new CloudFrontInvalidation(new CloudFrontClient({}), env.DISTRIBUTION_ID);
});
const cdn: ContentDelivery = { invalidate: async (paths) => (await invalidation()).invalidate(paths) };
const copies: SiteCopy[] = [{ name: 'primary', bucket: new S3SiteBucket({ bucket: env.SITE_BUCKET_NAME }), cdn }];
if (env.REPLICA_SITE_BUCKET_NAME) {
  // The replica shares the distribution: SiteCopies asks it once for both, and still asks when the primary is down.
  copies.push({
    name: `replica ${env.REPLICA_SITE_BUCKET_REGION ?? ''}`.trim(),
    bucket: new S3SiteBucket({ bucket: env.REPLICA_SITE_BUCKET_NAME, region: env.REPLICA_SITE_BUCKET_REGION }),
    cdn,
  });
}
const publisher = new SiteCopies({
  copies,
  render: async () => renderSite(await loadSiteState(stores, config, systemClock, env.PUBLIC_API_URL)),
  // Logged under a fixed message: a metric filter on it raises an alarm (lib/page-replica.ts).
  onCopyFailed: (copy, error) => logger.error(SITE_COPY_FAILED, { copy, error: error as Error }),
});

export const handler = async (event: SQSEvent): Promise<void> => {
  // When no copy could be published it throws, so the whole batch returns to the queue and is retried, then dead-lettered.
  const report = await publisher.publish();
  for (const [copy, published] of Object.entries(report.published)) {
    logger.info('Status site published', {
      copy,
      events: event.Records.length,
      uploaded: published.uploaded.length,
      invalidated: published.invalidated,
      unchanged: published.unchanged,
    });
  }
};
