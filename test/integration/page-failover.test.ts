import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3SiteBucket } from '../../lambdas/adapters/aws/s3-site-bucket';
import { NoContentDelivery } from '../../lambdas/adapters/local/no-cdn';
import { LOCAL_REGION, type RunningEmulator, S3RVER_CREDENTIALS, startS3 } from '../../lambdas/local/emulators';
import { ORIGIN_FAILOVER_STATUS_CODES } from '../../lambdas/render/site-hosting';
import { startTestService, type TestService } from '../support/local-service';
import { type FailoverFront, startFailoverFront } from '../support/origin-failover-front';

/**
 * The status page in two regions, simulated: two s3rver buckets stand for the primary bucket and
 * its replica in a second region, a small front stands for CloudFront's origin group (failing over
 * on the same status codes the distribution is configured with), and the real local service
 * publishes to both. Then the primary goes away.
 */
let primary: RunningEmulator;
let replica: RunningEmulator;
let service: TestService;
let front: FailoverFront;

const bucketAt = (endpoint: string, name: string) =>
  new S3SiteBucket({ bucket: name, endpoint, region: LOCAL_REGION, credentials: S3RVER_CREDENTIALS, retries: 0 });

beforeAll(async () => {
  [primary, replica] = await Promise.all([
    startS3({ buckets: ['site-primary'] }),
    startS3({ buckets: ['site-replica'] }),
  ]);
  service = await startTestService({
    siteCopies: [
      { name: 'primary', bucket: bucketAt(primary.endpoint, 'site-primary'), cdn: new NoContentDelivery() },
      { name: 'replica', bucket: bucketAt(replica.endpoint, 'site-replica'), cdn: new NoContentDelivery() },
    ],
  });
  front = await startFailoverFront({
    primary: { endpoint: primary.endpoint, bucket: 'site-primary' },
    fallback: { endpoint: replica.endpoint, bucket: 'site-replica' },
    failoverStatusCodes: ORIGIN_FAILOVER_STATUS_CODES,
  });
});
afterAll(async () => {
  await front?.close();
  await service?.close();
  await Promise.all([primary?.close().catch(() => {}), replica?.close()]);
});

async function get(path: string) {
  const response = await fetch(`${front.url}${path}`);
  return { status: response.status, from: response.headers.get('x-served-from'), body: await response.text() };
}

describe('the status page with its primary region gone', () => {
  let incidentId: string;

  it('is served from the primary bucket while it answers, and the replica holds the same page', async () => {
    const declared = await service.call('POST', '/v1/incidents', {
      body: { name: 'Checkout errors', impact: 'major', components: { api: 'partial_outage' } },
    });
    expect(declared.status).toBe(201);
    incidentId = (await declared.json()).id;
    await service.site.idle();

    const page = await get('/');
    expect(page).toMatchObject({ status: 200, from: 'primary' });
    expect(page.body).toContain('Checkout errors');
    const copy = await fetch(`${replica.endpoint}/site-replica/index.html`);
    expect(await copy.text()).toBe(page.body);
  });

  it('keeps answering, page, JSON, feeds and incident page alike, from the replica once the primary stops', async () => {
    await primary.close();

    const page = await get('/');
    expect(page).toMatchObject({ status: 200, from: 'fallback' });
    expect(page.body).toContain('Checkout errors');

    const summary = await get('/api/v2/summary.json');
    expect(summary).toMatchObject({ status: 200, from: 'fallback' });
    expect(JSON.parse(summary.body).incidents.map((i: { name: string }) => i.name)).toContain('Checkout errors');

    const feed = await get('/history.atom');
    expect(feed).toMatchObject({ status: 200, from: 'fallback' });
    expect(feed.body).toContain('Checkout errors');

    const incident = await get(`/incidents/${incidentId}/`);
    expect(incident).toMatchObject({ status: 200, from: 'fallback' });

    const missing = await get('/no/such/page');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('Page not found');
  });

  it('shows the next update, published to the replica while the primary is down', async () => {
    const updated = await service.call('POST', `/v1/incidents/${incidentId}/updates`, {
      body: { status: 'identified', body: 'A bad deploy of the payment service; rolling back.' },
    });
    expect(updated.status).toBe(200);
    await service.site.idle();

    const page = await get(`/incidents/${incidentId}/`);
    expect(page).toMatchObject({ status: 200, from: 'fallback' });
    expect(page.body).toContain('rolling back');
    const incidents = JSON.parse((await get('/api/v2/incidents.json')).body);
    expect(incidents.incidents[0]).toMatchObject({ name: 'Checkout errors', status: 'identified' });
  });
});
