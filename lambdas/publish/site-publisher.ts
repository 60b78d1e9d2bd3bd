import { createHash } from 'node:crypto';
import type { SiteFile } from '../render/site-file';
import type { ContentDelivery, SiteBucket } from './ports';

export interface PublishReport {
  uploaded: string[];
  invalidated: string[];
  unchanged: number;
}

const PARALLEL_UPLOADS = 16;

/** Files that link to others go up last, so nothing ever links to a page not yet published. */
const isLinkedPage = (path: string) => /^(incidents|history|assets)\//.test(path);

export const fingerprint = (body: string) => createHash('md5').update(body).digest('hex');

/**
 * Publishes the rendered site: uploads only the files whose content changed (compared with the
 * MD5 the bucket reports), incident and history pages before the pages that link to them, and asks
 * the CDN to forget only the changed files whose long cache lifetime would otherwise keep them stale.
 *
 * Publishes run one at a time and nothing else writes the bucket, so after the first listing the
 * publisher remembers what it put there instead of listing every object again. Any failure forgets
 * it, and the next publish lists afresh.
 */
export class SitePublisher {
  private published: Map<string, string> | undefined;
  /** The last body fingerprinted at each path: comparing strings is far cheaper than MD5 over 7 MB. */
  private readonly fingerprinted = new Map<string, { body: string; md5: string }>();

  constructor(
    private readonly deps: {
      bucket: SiteBucket;
      cdn: ContentDelivery;
      render: () => Promise<SiteFile[]>;
    },
  ) {}

  async publish(): Promise<PublishReport> {
    try {
      return await this.publishChanges();
    } catch (error) {
      this.published = undefined;
      throw error;
    }
  }

  private async publishChanges(): Promise<PublishReport> {
    const [files, published] = await Promise.all([
      this.deps.render(),
      this.published ?? this.deps.bucket.fingerprints(),
    ]);
    const changed = files
      .map((file) => ({ file, md5: this.fingerprintOf(file) }))
      .filter(({ file, md5 }) => published.get(file.path) !== md5);
    // Short-lived files renew themselves within seconds; only long-lived ones that existed need it.
    const invalidated = changed
      .filter(({ file }) => file.cache === 'archive' && published.has(file.path))
      .map(({ file }) => `/${file.path}`);

    await this.upload(
      changed.filter(({ file }) => isLinkedPage(file.path)),
      published,
    );
    await this.upload(
      changed.filter(({ file }) => !isLinkedPage(file.path)),
      published,
    );
    this.published = published;
    if (invalidated.length) await this.deps.cdn.invalidate(invalidated);

    return { uploaded: changed.map(({ file }) => file.path), invalidated, unchanged: files.length - changed.length };
  }

  private fingerprintOf(file: SiteFile): string {
    const known = this.fingerprinted.get(file.path);
    if (known?.body === file.body) return known.md5;
    const md5 = fingerprint(file.body);
    this.fingerprinted.set(file.path, { body: file.body, md5 });
    return md5;
  }

  private async upload(files: { file: SiteFile; md5: string }[], published: Map<string, string>): Promise<void> {
    for (let i = 0; i < files.length; i += PARALLEL_UPLOADS) {
      await Promise.all(
        files.slice(i, i + PARALLEL_UPLOADS).map(async ({ file, md5 }) => {
          await this.deps.bucket.put(file);
          published.set(file.path, md5);
        }),
      );
    }
  }
}
