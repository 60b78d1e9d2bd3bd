import { type CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import type { ContentDelivery } from '../../publish/ports';

/** Asks CloudFront to forget changed long-lived files. */
export class CloudFrontInvalidation implements ContentDelivery {
  constructor(
    private readonly cloudFront: CloudFrontClient,
    private readonly distributionId: string,
  ) {}

  async invalidate(paths: readonly string[]): Promise<void> {
    await this.cloudFront.send(
      new CreateInvalidationCommand({
        DistributionId: this.distributionId,
        InvalidationBatch: {
          CallerReference: `lifeboat-${Date.now()}-${paths.length}`,
          Paths: { Quantity: paths.length, Items: [...paths] },
        },
      }),
    );
  }
}
