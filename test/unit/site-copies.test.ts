import { describe, expect, it } from 'vitest';
import { NoContentDelivery } from '../../lambdas/adapters/local/no-cdn';
import type { SiteBucket } from '../../lambdas/publish/ports';
import { SiteCopies, SiteNotPublishedError } from '../../lambdas/publish/site-copies';
import { fingerprint } from '../../lambdas/publish/site-publisher';
import type { SiteFile } from '../../lambdas/render/site-file';

/** A bucket in memory whose region can go down. */
class RegionBucket implements SiteBucket {
  readonly objects = new Map<string, string>();
  down = false;
  async fingerprints() {
    if (this.down) throw new Error('region unavailable');
    return new Map([...this.objects].map(([path, body]) => [path, fingerprint(body)]));
  }
  async put(file: SiteFile) {
    if (this.down) throw new Error('region unavailable');
    this.objects.set(file.path, file.body);
  }
}

const page = (body: string): SiteFile[] => [{ path: 'index.html', body, cache: 'live', contentType: 'text/html' }];

function setup() {
  let body = 'v1';
  let renders = 0;
  const primary = new RegionBucket();
  const replica = new RegionBucket();
  const failures: string[] = [];
  const copies = new SiteCopies({
    copies: [
      { name: 'primary', bucket: primary, cdn: new NoContentDelivery() },
      { name: 'replica', bucket: replica, cdn: new NoContentDelivery() },
    ],
    render: async () => {
      renders++;
      return page(body);
    },
    onCopyFailed: (name) => failures.push(name),
  });
  return { primary, replica, copies, failures, setBody: (next: string) => (body = next), renders: () => renders };
}

describe('publishing every copy of the site', () => {
  it('renders once and writes the same files to each copy', async () => {
    const { primary, replica, copies, renders } = setup();
    const report = await copies.publish();
    expect(Object.keys(report.published)).toEqual(['primary', 'replica']);
    expect(primary.objects.get('index.html')).toBe('v1');
    expect(replica.objects.get('index.html')).toBe('v1');
    expect(renders()).toBe(1);
  });

  it('goes on with the replica while the primary region is down, reports the failure, and catches the primary up after', async () => {
    const { primary, replica, copies, failures, setBody } = setup();
    await copies.publish();
    primary.down = true;
    setBody('v2');
    const report = await copies.publish();
    expect(Object.keys(report.failed)).toEqual(['primary']);
    expect(failures).toEqual(['primary']);
    expect(replica.objects.get('index.html')).toBe('v2');

    primary.down = false;
    await copies.publish();
    expect(primary.objects.get('index.html')).toBe('v2');
  });

  it('asks a distribution shared by both copies to forget a changed long-lived file once, not once per copy', async () => {
    const primary = new RegionBucket();
    const replica = new RegionBucket();
    const cdn = new NoContentDelivery();
    let files: SiteFile[] = [{ path: 'history/index.html', body: 'v1', cache: 'archive', contentType: 'text/html' }];
    const copies = new SiteCopies({
      copies: [
        { name: 'primary', bucket: primary, cdn },
        { name: 'replica', bucket: replica, cdn },
      ],
      render: async () => files,
    });
    await copies.publish();
    files = [{ ...files[0]!, body: 'v2' }];
    await copies.publish();
    expect(cdn.invalidated).toEqual([['/history/index.html']]);

    // With the primary down, the replica's change is still made visible.
    primary.down = true;
    files = [{ ...files[0]!, body: 'v3' }];
    await copies.publish();
    expect(cdn.invalidated).toEqual([['/history/index.html'], ['/history/index.html']]);
  });

  it('fails (to be retried) only when no copy could be written', async () => {
    const { primary, replica, copies } = setup();
    primary.down = true;
    replica.down = true;
    await expect(copies.publish()).rejects.toBeInstanceOf(SiteNotPublishedError);
  });
});
