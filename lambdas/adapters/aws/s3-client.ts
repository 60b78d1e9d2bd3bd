import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/**
 * An S3 client that computes checksums only where S3 requires them. With the SDK's newer default
 * (always), s3rver stores streamed bodies with their chunk framing inside.
 */
export const createS3Client = (config: S3ClientConfig = {}): S3Client =>
  new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED', ...config });
