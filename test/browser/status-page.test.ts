import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations } from '../support/axe';
import { type Browser, launchChromium } from '../support/chromium';
import { startTestService, type TestService } from '../support/local-service';

let service: TestService;
let browser: Browser;
beforeAll(async () => {
  service = await startTestService();
  browser = await launchChromium();
  await mkdir('test-results', { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await service?.close();
});

describe('the status page in Chromium', () => {
  it('shows an outage declared through the API: banner, incident and component status', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${service.url}/`);
    await expect.poll(() => page.locator('.banner').innerText()).toContain('All Systems Operational');

    await service.call('POST', '/v1/incidents', {
      body: {
        name: 'Database failover',
        impact: 'critical',
        body: 'Writes are failing',
        components: { db: 'major_outage' },
      },
    });
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('.banner').innerText();
        },
        { timeout: 5000 },
      )
      .toContain('Major Service Outage');

    const incident = page.getByRole('article').filter({ hasText: 'Database failover' });
    await expect.poll(() => incident.innerText()).toContain('Writes are failing');
    const database = page.locator('.component', { hasText: 'Database' });
    expect(await database.locator('.status').innerText()).toBe('Major outage');
    await page.screenshot({ path: 'test-results/status-page.png', fullPage: true });

    await page.getByRole('link', { name: 'Database failover' }).click();
    await expect.poll(() => page.locator('h2').first().innerText()).toBe('Database failover');
    expect(page.url()).toMatch(/\/incidents\/[a-z0-9]+\/$/);
  });

  it('has no accessibility violations (axe-core)', async () => {
    const page = await browser.context.newPage();
    for (const path of ['/', '/history/', '/outage/']) {
      await page.goto(`${service.url}${path}`);
      expect(await accessibilityViolations(page), path).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${service.url}/`);
    expect(await accessibilityViolations(page, { runOnly: ['color-contrast'] })).toEqual([]);
  });

  it('is complete with JavaScript off and fits a phone', async () => {
    const noScript = await launchChromium({ javaScriptEnabled: false });
    try {
      const page = await noScript.context.newPage();
      await page.setViewportSize({ width: 375, height: 800 });
      await page.goto(`${service.url}/`);
      expect(await page.locator('.banner').innerText()).toContain('Major Service Outage');
      expect(await page.locator('.component').count()).toBe(4);
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: 'test-results/status-page-phone.png', fullPage: true });
    } finally {
      await noScript.close();
    }
  });
});
