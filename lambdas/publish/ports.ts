import type { SiteFile } from '../render/site-file';

/** Where the static site lives: S3 on AWS, s3rver locally. */
export interface SiteBucket {
  /** The MD5 (hex) of every object's content, by path; S3 reports it as the ETag. */
  fingerprints(): Promise<Map<string, string>>;
  put(file: SiteFile): Promise<void>;
}

/** The CDN in front of the bucket. */
export interface ContentDelivery {
  /** Paths with a leading slash, as viewers request them (after the directory-index rewrite). */
  invalidate(paths: readonly string[]): Promise<void>;
}
