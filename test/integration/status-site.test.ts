import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../lambdas/adapters/aws/s3-client';
import { S3RVER_CREDENTIALS } from '../../lambdas/local/emulators';
import { LOCAL_SITE_BUCKET } from '../../lambdas/local/local-service';
import { startTestService, type TestService } from '../support/local-service';
import { ManualTimer } from '../support/manual-timer';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service?.close());

/**
 * Fetches a page until it contains the text. The wait is generous on purpose: how fast a change
 * shows is a performance target, measured by `npm run bench`, not asserted on a busy test machine.
 */
async function waitForPage(path: string, text: string, ms = 15_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const body = await (await fetch(`${service.url}${path}`)).text();
    if (body.includes(text)) return body;
    if (Date.now() - started > ms) throw new Error(`${path} did not show "${text}" within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the status site in local mode', () => {
  it('is served at / on the API port, with the security headers CloudFront adds', async () => {
    const response = await fetch(`${service.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe(
      'public, max-age=30, stale-while-revalidate=60, stale-if-error=86400',
    );
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(await response.text()).toContain('All Systems Operational');
  });

  it('shows a declare through the API on the page', async () => {
    await service.call('POST', '/v1/incidents', {
      body: { name: 'Login outage', impact: 'critical', components: { api: 'major_outage' } },
    });
    const body = await waitForPage('/', 'Login outage');
    expect(body).toContain('Major Service Outage');
    const status = (await (await fetch(`${service.url}/api/v2/status.json`)).json()) as { status: unknown };
    expect(status.status).toEqual({ indicator: 'critical', description: 'Major Service Outage' });
  });

  it('stores each object with its content type and cache lifetime, and re-uploads only what changed', async () => {
    await service.site.idle();
    const s3 = createS3Client({
      endpoint: service.site.s3Endpoint,
      region: 'us-east-1',
      credentials: S3RVER_CREDENTIALS,
      forcePathStyle: true,
    });
    const head = (Key: string) => s3.send(new HeadObjectCommand({ Bucket: LOCAL_SITE_BUCKET, Key }));
    expect(await head('api/v2/summary.json')).toMatchObject({ ContentType: 'application/json; charset=utf-8' });
    expect(await head('history.atom')).toMatchObject({ ContentType: 'application/atom+xml; charset=utf-8' });
    expect((await head('assets/refresh.js')).CacheControl).toContain('max-age=3600');
    s3.destroy();

    const before = service.site.reports.length;
    await service.call('PATCH', '/v1/components/email', { body: { status: 'under_maintenance' } });
    await service.site.idle();
    const report = service.site.reports.at(-1)!;
    expect(service.site.reports.length).toBeGreaterThan(before);
    expect(report.uploaded).toEqual(expect.arrayContaining(['index.html', 'api/v2/components.json']));
    expect(report.uploaded).not.toContain('404.html');
    expect(report.uploaded).not.toContain('assets/refresh.js');
    expect(report.unchanged).toBeGreaterThan(0);
  });

  it('serves incident pages at their directory path, and its own 404 page elsewhere', async () => {
    const { incidents } = await (await service.call('GET', '/v1/incidents?status=open')).json();
    const page = await fetch(`${service.url}/incidents/${incidents[0].id}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Login outage');
    const missing = await fetch(`${service.url}/no/such/page`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Page not found');
    expect((await fetch(`${service.url}/`, { method: 'POST' })).status).toBe(405);
  });

  it('lets on-call set the outage page message through the API', async () => {
    const set = await service.call('PUT', '/v1/outage-page', {
      body: { message: 'Orders placed before 10:00 are safe.' },
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ message: 'Orders placed before 10:00 are safe.' });
    const body = await waitForPage('/outage/', 'Orders placed before 10:00 are safe.');
    expect(body).toContain('Login outage');

    const bad = await service.call('PUT', '/v1/outage-page', { body: { message: '' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].field).toBe('message');
    await service.call('PUT', '/v1/outage-page', { body: { message: null } });
    await waitForPage('/outage/', 'We know about it and are working on it.');
  });

  it('coalesces a burst of ten changes into at most two publishes', async () => {
    // Its own service, whose publisher's time moves only when told: the burst falls inside the
    // coalescing interval however slow the machine is.
    const timer = new ManualTimer();
    const bursty = await startTestService({ publishTimer: timer });
    try {
      await bursty.site.idle(); // the publish at start-up
      const declared = await (
        await bursty.call('POST', '/v1/incidents', { body: { name: 'Bursty', impact: 'minor' } })
      ).json();
      await bursty.events.idle(); // the declare asks for a publish: the interval since start-up is not over, so it waits
      const before = bursty.site.reports.length;
      for (let i = 0; i < 10; i++) {
        await bursty.call('POST', `/v1/incidents/${declared.id}/updates`, {
          body: { status: 'identified', body: `Step ${i}` },
        });
      }
      await bursty.events.idle(); // every change has asked for a publish
      await timer.advance(60_000); // the interval ends: what was asked for is published
      await bursty.site.idle();
      expect(bursty.site.reports.length - before).toBeLessThanOrEqual(2);
      expect(await (await fetch(`${bursty.url}/`)).text()).toContain('Step 9');
    } finally {
      await bursty.close();
    }
  });
});
