import { ListObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SiteBucket } from '../../publish/ports';
import type { SiteFile } from '../../render/site-file';
import { CACHE_CONTROL } from '../../render/site-hosting';

/**
 * The status site's bucket. Objects are single-part PUTs with S3-managed encryption, so their
 * ETag is the MD5 of their content: one listing tells what changed, without reading any object.
 */
export class S3SiteBucket implements SiteBucket {
  constructor(
    private readonly s3: S3Client,
    private readonly bucketName: string,
  ) {}

  /**
   * Pages with ListObjects (v1) and the last key as marker: s3rver encrypts ListObjectsV2
   * continuation tokens with DES, which current OpenSSL no longer offers, so V2 fails locally
   * past 1,000 objects. S3 serves both the same.
   */
  async fingerprints(): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    let marker: string | undefined;
    for (;;) {
      const page = await this.s3.send(new ListObjectsCommand({ Bucket: this.bucketName, Marker: marker }));
      for (const object of page.Contents ?? []) {
        if (object.Key && object.ETag) found.set(object.Key, object.ETag.replaceAll('"', ''));
      }
      marker = page.Contents?.at(-1)?.Key;
      if (!page.IsTruncated || !marker) return found;
    }
  }

  async put(file: SiteFile): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucketName,
        Key: file.path,
        Body: file.body,
        ContentType: file.contentType,
        CacheControl: CACHE_CONTROL[file.cache],
      }),
    );
  }
}
