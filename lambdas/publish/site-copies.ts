import type { SiteFile } from '../render/site-file';
import type { ContentDelivery, SiteBucket } from './ports';
import { type PublishReport, SitePublisher } from './site-publisher';

export interface SiteCopy {
  /** Names the copy in logs and reports, e.g. "primary" or "replica us-west-2". */
  name: string;
  bucket: SiteBucket;
  cdn: ContentDelivery;
}

/** The log message of a copy that was not published; an alarm counts it. */
export const SITE_COPY_FAILED = 'A copy of the status site was not published';

export interface CopiesReport {
  /** The report of each copy that was published, by name. */
  published: Record<string, PublishReport>;
  /** The copies that could not be published this time, by name, with why. */
  failed: Record<string, unknown>;
}

/** Thrown when no copy of the site could be published: the request is retried. */
export class SiteNotPublishedError extends Error {
  constructor(readonly failures: Record<string, unknown>) {
    super(`No copy of the status site could be published (${Object.keys(failures).join(', ')})`, {
      cause: Object.values(failures)[0],
    });
    this.name = 'SiteNotPublishedError';
  }
}

/**
 * Publishes the same rendered state to every copy of the site (the primary bucket and its replica in
 * another region), each on its own: a copy whose region is down must not hold back the others, or the
 * page would stop changing exactly when the failover needs it to. A copy that missed a publish is made
 * whole by the next one (its publisher lists the bucket afresh after a failure). Only when no copy at
 * all could be written does the publish fail, so that it is retried.
 */
export class SiteCopies {
  private readonly copies: { name: string; publisher: SitePublisher }[];
  private rendered: Promise<SiteFile[]> = Promise.resolve([]);
  /** Paths each CDN is asked to forget in this publish: copies behind one distribution ask once, together. */
  private pending = new Map<ContentDelivery, Set<string>>();

  constructor(
    private readonly deps: {
      copies: readonly SiteCopy[];
      /** Rendered once per publish, whatever the number of copies. */
      render: () => Promise<SiteFile[]>;
      onCopyFailed?: (name: string, error: unknown) => void;
    },
  ) {
    if (deps.copies.length === 0) throw new Error('SiteCopies needs at least one copy of the site');
    this.copies = deps.copies.map(({ name, bucket, cdn }) => ({
      name,
      publisher: new SitePublisher({
        bucket,
        cdn: {
          invalidate: async (paths) => {
            const set = this.pending.get(cdn) ?? new Set<string>();
            for (const path of paths) set.add(path);
            this.pending.set(cdn, set);
          },
        },
        render: () => this.rendered,
      }),
    }));
  }

  async publish(): Promise<CopiesReport> {
    this.rendered = this.deps.render();
    await this.rendered;
    this.pending = new Map();
    const results = await Promise.allSettled(this.copies.map((copy) => copy.publisher.publish()));
    const report: CopiesReport = { published: {}, failed: {} };
    results.forEach((result, i) => {
      const { name } = this.copies[i]!;
      if (result.status === 'fulfilled') report.published[name] = result.value;
      else {
        report.failed[name] = result.reason;
        this.deps.onCopyFailed?.(name, result.reason);
      }
    });
    if (Object.keys(report.published).length === 0) throw new SiteNotPublishedError(report.failed);
    for (const [cdn, paths] of this.pending) await cdn.invalidate([...paths].sort());
    return report;
  }
}
