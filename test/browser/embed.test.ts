import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations } from '../support/axe';
import { type Browser, launchChromium } from '../support/chromium';
import { startTestService, type TestService } from '../support/local-service';

/**
 * The status page seen from a customer's own site: another origin (a tiny server on another port)
 * that embeds the banner script, Statuspage's own widget, and plain cross-origin fetches.
 */
let service: TestService;
let browser: Browser;
let customer: Server;
let customerUrl: string;
const flaky = { failing: true, requests: 0 };

const widgetScript = createRequire(import.meta.url).resolve('@statuspage/status-widget/dist/index.js');

/** The customer's pages: an app with the banner, one with Statuspage's widget, and a blank one. */
function customerPage(path: string, query: URLSearchParams): string {
  const lang = query.get('lang') ?? 'en';
  const components = query.get('components');
  if (path === '/app') {
    return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Acme app</title>
<style>p{color:rgb(1, 2, 3)}strong{font-weight:400}</style></head>
<body><main><h1>Acme app</h1><p id="own">The customer's own text.</p></main>
${query.has('noscript') ? '' : `<script src="${service.url}/embed/banner.js"${components ? ` data-components="${components}"` : ''} data-interval="1" async></script>`}
</body></html>`;
  }
  if (path === '/flaky') {
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Flaky</title>
<script src="/embed/banner.js" data-interval="1" async></script></head><body><p>App</p></body></html>`;
  }
  if (path === '/widget') {
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Widget</title></head>
<body><statuspage-widget src="${service.url}"></statuspage-widget><script src="/status-widget.js"></script></body></html>`;
  }
  return '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blank</title></head><body></body></html>';
}

beforeAll(async () => {
  service = await startTestService();
  browser = await launchChromium();
  customer = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    // A status page that fails: the banner script served from here reads this origin's summary.
    if (url.pathname === '/embed/banner.js' || url.pathname === '/api/v2/summary.json') {
      flaky.requests++;
      if (url.pathname.endsWith('.json') && flaky.failing) return void response.writeHead(500).end('down');
      fetch(`${service.url}${url.pathname}`).then(
        async (r) =>
          response
            .writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/plain' })
            .end(Buffer.from(await r.arrayBuffer())),
        () => response.writeHead(502).end(),
      );
      return;
    }
    if (url.pathname === '/status-widget.js') {
      readFile(widgetScript).then(
        (body) => response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(body),
        () => response.writeHead(404).end(),
      );
      return;
    }
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(customerPage(url.pathname, url.searchParams));
  });
  await new Promise<void>((resolve) => customer.listen(0, '127.0.0.1', () => resolve()));
  customerUrl = `http://127.0.0.1:${(customer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await browser?.close();
  customer?.closeAllConnections();
  await new Promise<void>((resolve) => (customer ? customer.close(() => resolve()) : resolve()));
  await service?.close();
});

const opened: string[] = [];
const pages: Page[] = [];
const newPage = async () => {
  const page = await browser.context.newPage();
  pages.push(page);
  return page;
};
afterEach(async () => {
  for (const page of pages.splice(0)) await page.close();
  // Every test leaves the page all clear for the next.
  for (const id of opened.splice(0)) await service.call('POST', `/v1/incidents/${id}/resolve`, { body: {} });
  await service.site.idle();
});

async function declare(body: Record<string, unknown>): Promise<string> {
  const response = await service.call('POST', '/v1/incidents', { body: { impact: 'major', ...body } });
  expect(response.status).toBe(201);
  const { id } = await response.json();
  opened.push(id);
  await service.site.idle();
  return id;
}

/** An element's computed style (the DOM's types are not in this project's TypeScript lib). */
const style = (locator: Locator, property: string): Promise<string> =>
  locator.evaluate(
    (element, name) =>
      (globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(element)[
        name
      ]!,
    property,
  );

/** Waits for the banner's next read of summary.json, whose incidents satisfy `check`. */
const nextSummary = (page: Page, check: (incidents: { id: string }[]) => boolean = () => true) =>
  page.waitForResponse(
    async (r) => r.url() === `${service.url}/api/v2/summary.json` && r.ok() && check((await r.json()).incidents),
  );

describe('the public JSON, feeds and badge from another origin', () => {
  it('answers a cross-origin fetch and its preflight, and keeps the management API same-origin', async () => {
    const page = await newPage();
    await page.goto(`${customerUrl}/blank`);
    const result = await page.evaluate(async (status) => {
      const attempt = (url: string, init?: RequestInit) =>
        fetch(url, init).then(
          async (r) => ({ ok: r.ok, body: await r.text() }),
          (e: Error) => ({ ok: false, body: `${e.name}` }),
        );
      return {
        summary: await attempt(`${status}/api/v2/summary.json`),
        // A custom header makes Chromium send a preflight first.
        preflighted: await attempt(`${status}/api/v2/status.json`, {
          headers: { 'x-requested-with': 'acme-dashboard' },
        }),
        feed: await attempt(`${status}/history.atom`),
        badge: await attempt(`${status}/badge.svg`),
        health: await attempt(`${status}/v1/health`),
        apiStatus: await attempt(`${status}/v1/status`),
        page: await attempt(`${status}/`),
      };
    }, service.url);
    expect(result.summary.ok).toBe(true);
    expect(JSON.parse(result.summary.body).page.name).toBe('Test Cloud');
    expect(result.preflighted.ok).toBe(true);
    expect(result.feed.ok).toBe(true);
    expect(result.badge.ok).toBe(true);
    // Same-origin only: the browser refuses to hand the answer to another origin.
    expect(result.health).toEqual({ ok: false, body: 'TypeError' });
    expect(result.apiStatus).toEqual({ ok: false, body: 'TypeError' });
    expect(result.page).toEqual({ ok: false, body: 'TypeError' });
  });

  it('sends the CORS headers on the public surface only, preflight included, cache headers unchanged', async () => {
    const origin = { origin: 'https://app.acme.example' };
    const summary = await fetch(`${service.url}/api/v2/summary.json`, { headers: origin });
    expect(summary.headers.get('access-control-allow-origin')).toBe('*');
    expect(summary.headers.get('cache-control')).toBe(
      'public, max-age=30, stale-while-revalidate=60, stale-if-error=86400',
    );
    for (const path of [
      '/api/v2/incidents/unresolved.json',
      '/history.rss',
      '/history.atom',
      '/badge.svg',
      '/embed/banner.js',
      '/maintenances.ics',
    ]) {
      const response = await fetch(`${service.url}${path}`, { headers: origin });
      expect(response.headers.get('access-control-allow-origin'), path).toBe('*');
    }

    const preflight = await fetch(`${service.url}/api/v2/summary.json`, {
      method: 'OPTIONS',
      headers: {
        ...origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-requested-with, if-none-match',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('x-requested-with, if-none-match');

    for (const path of ['/', '/embed/', '/incidents/none/', '/v1/health']) {
      const response = await fetch(`${service.url}${path}`, { headers: origin });
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
    }
    for (const path of ['/v1/health', '/v1/status', '/']) {
      const preflightElsewhere = await fetch(`${service.url}${path}`, {
        method: 'OPTIONS',
        headers: { ...origin, 'access-control-request-method': 'GET' },
      });
      expect(preflightElsewhere.status, path).not.toBe(204);
      expect(preflightElsewhere.headers.get('access-control-allow-origin'), path).toBeNull();
    }
  });
});

describe('the in-app status banner, on a customer page', () => {
  it('appears on declare, follows updates, links to the incident and disappears on resolve', async () => {
    const page = await newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    const firstRead = nextSummary(page);
    await page.goto(`${customerUrl}/app?components=db`);
    await firstRead;
    const banner = page.getByRole('status').locator('.bar');
    expect(await banner.count()).toBe(0); // all is well: nothing shown

    // An incident on a component the app did not choose shows nothing.
    const elsewhere = await declare({
      name: 'Slow website',
      impact: 'minor',
      components: { web: 'degraded_performance' },
    });
    await nextSummary(page, (incidents) => incidents.some((i) => i.id === elsewhere));
    expect(await banner.count()).toBe(0);

    const id = await declare({
      name: 'Database failover',
      impact: 'critical',
      body: 'Writes are failing',
      components: { db: 'major_outage' },
    });
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(
      /Major outage: Database failover — Investigating: Writes are failing\s+Details/,
    );
    expect(await banner.getByRole('link', { name: 'Details' }).getAttribute('href')).toBe(
      `${service.url}/incidents/${id}/`,
    );
    expect(await banner.getByRole('button', { name: 'Dismiss this status message' }).isVisible()).toBe(true);
    await page.screenshot({ path: 'test-results/embed-banner.png', animations: 'disabled' });

    await service.call('POST', `/v1/incidents/${id}/updates`, {
      body: { status: 'identified', body: 'A replica is being promoted' },
    });
    await banner.filter({ hasText: 'Identified: A replica is being promoted' }).waitFor();

    await service.call('POST', `/v1/incidents/${id}/resolve`, { body: { body: 'Replica promoted' } });
    await banner.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });

  it('shows any incident when no component is chosen, speaks French on a French page, and remembers a dismissal', async () => {
    const id = await declare({
      name: 'Panne de la messagerie',
      impact: 'major',
      body: 'Les e-mails partent en retard',
      components: { email: 'partial_outage' },
    });
    const page = await newPage();
    await page.goto(`${customerUrl}/app?lang=fr`);
    const banner = page.getByRole('status').locator('.bar');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('Panne partielle: Panne de la messagerie');
    expect(await banner.innerText()).toContain('Les e-mails partent en retard');
    expect(await banner.getAttribute('data-incident')).toBe(id);

    await banner.getByRole('button', { name: 'Masquer ce message de statut' }).click();
    await banner.waitFor({ state: 'detached' });
    // Dismissed for the rest of the session: a reload reads the incident again and shows nothing.
    const again = nextSummary(page, (incidents) => incidents.some((i) => i.id === id));
    await page.reload();
    await again;
    expect(await banner.count()).toBe(0);
    // A new incident is news again.
    await declare({ name: 'API lente', impact: 'minor', components: { api: 'degraded_performance' } });
    await banner.filter({ hasText: 'API lente' }).waitFor();
  });

  it('keeps to itself: one global, no style leaking either way, accessible in light and dark, still without motion', async () => {
    await declare({
      name: 'Database failover',
      impact: 'critical',
      body: 'Writes are failing',
      components: { db: 'major_outage' },
    });
    const bare = await newPage();
    await bare.goto(`${customerUrl}/app?noscript`);
    const globalsBefore: string[] = await bare.evaluate('Object.getOwnPropertyNames(window)');

    const page = await newPage();
    await page.goto(`${customerUrl}/app?components=db,web`);
    const banner = page.getByRole('status').locator('.bar');
    await banner.waitFor();
    const globalsAfter: string[] = await page.evaluate('Object.getOwnPropertyNames(window)');
    expect(globalsAfter.filter((name) => !globalsBefore.includes(name))).toEqual(['LifeboatBanner']);

    // The host page's CSS does not reach the banner, and the banner's does not reach the page.
    expect(await style(banner.locator('p'), 'color')).toBe('rgb(29, 35, 48)');
    expect(await style(banner.locator('strong'), 'fontWeight')).toBe('700');
    expect(await style(page.locator('#own'), 'margin')).toBe('16px 0px');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    expect(await style(banner, 'backgroundColor')).toBe('rgb(28, 33, 40)');
    expect(await style(banner, 'animationName')).toBe('none');
    expect(await accessibilityViolations(page, { runOnly: ['color-contrast'] })).toEqual([]);
    await page.screenshot({ path: 'test-results/embed-banner-dark.png', animations: 'disabled' });

    // LifeboatBanner.destroy() takes it away cleanly.
    await page.evaluate('window.LifeboatBanner.destroy()');
    expect(await page.locator('[data-lifeboat-banner]').count()).toBe(0);
  });
});

describe('the embed page', () => {
  it('is linked from the footer, shows the snippet and the component ids, with no accessibility violation', async () => {
    const page = await newPage();
    await page.goto(`${service.url}/`);
    await page.locator('footer').getByRole('link', { name: 'Embed' }).click();
    await page.getByRole('heading', { name: 'Embed this status in your site' }).waitFor();
    expect(await page.locator('pre').first().innerText()).toBe(
      '<script src="https://status.test.example/embed/banner.js" data-components="api,db" async></script>',
    );
    expect(await page.getByRole('row', { name: 'Database db' }).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});

describe('the banner when the status page fails', () => {
  it('throws nothing into the host page, shows nothing, and recovers when the page answers again', async () => {
    await declare({ name: 'Database failover', impact: 'critical', components: { db: 'major_outage' } });
    const page = await newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    const failures = (n: number) => {
      let seen = 0;
      return page.waitForResponse(
        (r) => r.url().endsWith('/api/v2/summary.json') && r.status() === 500 && ++seen === n,
      );
    };
    const twoFailures = failures(2);
    await page.goto(`${customerUrl}/flaky`);
    await twoFailures; // it kept trying, backing off, after the first error
    expect(await page.getByRole('status').locator('.bar').count()).toBe(0);
    expect(errors).toEqual([]);

    flaky.failing = false;
    await page
      .getByRole('status')
      .locator('.bar')
      .filter({ hasText: 'Database failover' })
      .waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
  });
});

describe("Statuspage's own widget", () => {
  it('shows the current indicator of the local page, read across origins', async () => {
    await declare({ name: 'Database failover', impact: 'critical', components: { db: 'major_outage' } });
    const page = await newPage();
    await page.goto(`${customerUrl}/widget`);
    const widget = page.locator('statuspage-widget .status-text');
    await widget.waitFor();
    await expect.poll(() => widget.innerText()).toBe('Major Service Outage');
    expect(await page.locator('statuspage-widget a').getAttribute('href')).toBe(service.url);
  });
});
