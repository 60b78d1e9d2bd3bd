/**
 * Rebuilds and publishes the status site. Domain events reach it through a FIFO queue with a
 * single message group, so publishes never overlap (an older state can never overwrite a newer
 * one) and a burst of events arrives as one batch: one publish, whatever the batch holds.
 */
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { CloudFrontInvalidation } from '../adapters/aws/cloudfront-invalidation';
import { createS3Client } from '../adapters/aws/s3-client';
import { S3SiteBucket } from '../adapters/aws/s3-site-bucket';
import { systemClock } from '../core/ports';
import { loadSiteState } from '../publish/load-site-state';
import { SITE_COPY_FAILED, SiteCopies, type SiteCopy } from '../publish/site-copies';
import { renderSite } from '../render/render-site';
import { composeOnAws } from './aws-composition';
import { CoreEnvironment, readEnvironment } from './environment';

const env = readEnvironment(
  CoreEnvironment.extend({
    SITE_BUCKET_NAME: z.string().min(1),
    DISTRIBUTION_ID: z.string().min(1),
    PUBLIC_API_URL: z.url(),
    // The page's copy in a second region (the CloudFront origin group's fallback), when there is one.
    REPLICA_SITE_BUCKET_NAME: z.string().min(1).optional(),
    REPLICA_SITE_BUCKET_REGION: z.string().min(1).optional(),
  }),
);
const { services, config, logger, stores } = composeOnAws(env);
const cdn = new CloudFrontInvalidation(new CloudFrontClient({}), env.DISTRIBUTION_ID);
const copies: SiteCopy[] = [{ name: 'primary', bucket: new S3SiteBucket(createS3Client(), env.SITE_BUCKET_NAME), cdn }];
if (env.REPLICA_SITE_BUCKET_NAME) {
  const s3 = createS3Client(env.REPLICA_SITE_BUCKET_REGION ? { region: env.REPLICA_SITE_BUCKET_REGION } : {});
  // The replica shares the distribution: SiteCopies asks it once for both, and still asks when the primary is down.
  copies.push({
    name: `replica ${env.REPLICA_SITE_BUCKET_REGION ?? ''}`.trim(),
    bucket: new S3SiteBucket(s3, env.REPLICA_SITE_BUCKET_NAME),
    cdn,
  });
}
const publisher = new SiteCopies({
  copies,
  render: async () =>
    renderSite(await loadSiteState(services, config, systemClock, env.PUBLIC_API_URL, stores.probeResults)),
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
