import { PutObjectCommand, type S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
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

  async fingerprints(): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for await (const page of paginateListObjectsV2({ client: this.s3 }, { Bucket: this.bucketName })) {
      for (const object of page.Contents ?? []) {
        if (object.Key && object.ETag) found.set(object.Key, object.ETag.replaceAll('"', ''));
      }
    }
    return found;
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
