import { describe, expect, it } from 'vitest';
import type { ContentDelivery, SiteBucket } from '../../lambdas/publish/ports';
import { fingerprint, SitePublisher } from '../../lambdas/publish/site-publisher';
import type { SiteFile } from '../../lambdas/render/site-file';

class MemoryBucket implements SiteBucket {
  readonly objects = new Map<string, SiteFile>();
  readonly puts: string[] = [];
  listings = 0;
  failNextPut = false;
  async fingerprints() {
    this.listings++;
    return new Map([...this.objects].map(([path, f]) => [path, fingerprint(f.body)]));
  }
  async put(file: SiteFile) {
    if (this.failNextPut) {
      this.failNextPut = false;
      throw new Error('S3 refused');
    }
    this.puts.push(file.path);
    this.objects.set(file.path, file);
  }
}

class RecordingCdn implements ContentDelivery {
  readonly calls: string[][] = [];
  async invalidate(paths: readonly string[]) {
    this.calls.push([...paths]);
  }
}

const file = (path: string, body: string, cache: SiteFile['cache'] = 'live'): SiteFile => ({
  path,
  body,
  cache,
  contentType: 'text/html',
});

function setup(initial: SiteFile[]) {
  let files = initial;
  const bucket = new MemoryBucket();
  const cdn = new RecordingCdn();
  const publisher = new SitePublisher({ bucket, cdn, render: async () => files });
  return { bucket, cdn, publisher, setFiles: (next: SiteFile[]) => (files = next) };
}

describe('the site publisher', () => {
  it('uploads everything the first time, linked pages before the pages that link to them', async () => {
    const { bucket, publisher } = setup([
      file('index.html', 'home'),
      file('incidents/a/index.html', 'a', 'archive'),
      file('api/v2/summary.json', '{}'),
      file('history/index.html', 'h'),
    ]);
    const report = await publisher.publish();
    expect(report.uploaded).toHaveLength(4);
    expect(bucket.puts.slice(0, 2).sort()).toEqual(['history/index.html', 'incidents/a/index.html']);
    expect(bucket.puts.slice(2).sort()).toEqual(['api/v2/summary.json', 'index.html']);
  });

  it('uploads only what changed, and nothing when nothing did', async () => {
    const { bucket, publisher, setFiles } = setup([file('index.html', 'v1'), file('badge.svg', 'b')]);
    await publisher.publish();
    bucket.puts.length = 0;
    expect(await publisher.publish()).toEqual({ uploaded: [], invalidated: [], unchanged: 2 });
    setFiles([file('index.html', 'v2'), file('badge.svg', 'b')]);
    expect((await publisher.publish()).uploaded).toEqual(['index.html']);
    expect(bucket.puts).toEqual(['index.html']);
  });

  it('lists the bucket once, then remembers what it published until a publish fails', async () => {
    const { bucket, publisher, setFiles } = setup([file('index.html', 'v1')]);
    await publisher.publish();
    setFiles([file('index.html', 'v2')]);
    await publisher.publish();
    expect(bucket.listings).toBe(1);

    setFiles([file('index.html', 'v3')]);
    bucket.failNextPut = true;
    await expect(publisher.publish()).rejects.toThrow('S3 refused');
    expect((await publisher.publish()).uploaded).toEqual(['index.html']);
    expect(bucket.listings).toBe(2);
    expect(bucket.objects.get('index.html')!.body).toBe('v3');
  });

  it('invalidates only changed long-lived files that were already published', async () => {
    const { cdn, publisher, setFiles } = setup([
      file('index.html', 'v1'),
      file('incidents/a/index.html', 'a1', 'archive'),
    ]);
    await publisher.publish();
    expect(cdn.calls).toEqual([]); // first publication: nothing cached yet
    setFiles([
      file('index.html', 'v2'),
      file('incidents/a/index.html', 'a2 with a postmortem', 'archive'),
      file('incidents/b/index.html', 'new', 'archive'),
    ]);
    const report = await publisher.publish();
    expect(report.invalidated).toEqual(['/incidents/a/index.html']);
    expect(cdn.calls).toEqual([['/incidents/a/index.html']]);
  });
});
