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
 */
export class SitePublisher {
  constructor(
    private readonly deps: {
      bucket: SiteBucket;
      cdn: ContentDelivery;
      render: () => Promise<SiteFile[]>;
    },
  ) {}

  async publish(): Promise<PublishReport> {
    const [files, published] = await Promise.all([this.deps.render(), this.deps.bucket.fingerprints()]);
    const changed = files.filter((file) => published.get(file.path) !== fingerprint(file.body));

    await this.upload(changed.filter((f) => isLinkedPage(f.path)));
    await this.upload(changed.filter((f) => !isLinkedPage(f.path)));

    // Short-lived files renew themselves within seconds; only long-lived ones that existed need it.
    const invalidated = changed.filter((f) => f.cache === 'archive' && published.has(f.path)).map((f) => `/${f.path}`);
    if (invalidated.length) await this.deps.cdn.invalidate(invalidated);

    return { uploaded: changed.map((f) => f.path), invalidated, unchanged: files.length - changed.length };
  }

  private async upload(files: SiteFile[]): Promise<void> {
    for (let i = 0; i < files.length; i += PARALLEL_UPLOADS) {
      await Promise.all(files.slice(i, i + PARALLEL_UPLOADS).map((file) => this.deps.bucket.put(file)));
    }
  }
}
