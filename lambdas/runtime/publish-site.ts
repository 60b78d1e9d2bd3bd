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
import { SitePublisher } from '../publish/site-publisher';
import { renderSite } from '../render/render-site';
import { composeOnAws } from './aws-composition';
import { CoreEnvironment, readEnvironment } from './environment';

const env = readEnvironment(
  CoreEnvironment.extend({
    SITE_BUCKET_NAME: z.string().min(1),
    DISTRIBUTION_ID: z.string().min(1),
    PUBLIC_API_URL: z.url(),
  }),
);
const { services, config, logger, stores } = composeOnAws(env);
const publisher = new SitePublisher({
  bucket: new S3SiteBucket(createS3Client(), env.SITE_BUCKET_NAME),
  cdn: new CloudFrontInvalidation(new CloudFrontClient({}), env.DISTRIBUTION_ID),
  render: async () => renderSite(await loadSiteState(services, config, systemClock, env.PUBLIC_API_URL, stores.probeResults)),
});

export const handler = async (event: SQSEvent): Promise<void> => {
  // A failure throws, so the whole batch returns to the queue and is retried, then dead-lettered.
  const report = await publisher.publish();
  logger.info('Status site published', {
    events: event.Records.length,
    uploaded: report.uploaded.length,
    invalidated: report.invalidated,
    unchanged: report.unchanged,
  });
};
