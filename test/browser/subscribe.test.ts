import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations } from '../support/axe';
import { type Browser, launchChromium } from '../support/chromium';
import { startTestService, type TestService } from '../support/local-service';
import { messagesTo } from '../support/outbox';

let service: TestService;
let browser: Browser;
beforeAll(async () => {
  service = await startTestService();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await service?.close();
});

const stateOf = async (address: string) => {
  const { subscribers } = await (await service.call('GET', '/v1/subscribers')).json();
  return subscribers.find((s: { address: string }) => s.address === address)?.state;
};

describe('subscribing from the status page, in Chromium', () => {
  it('subscribes through the form, confirms from the outbox, and leaves in one click', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${service.url}/`);
    await page.getByLabel('Email address').fill('reader@example.com');
    await page.locator('summary', { hasText: 'Components' }).click();
    await page.getByLabel('Database', { exact: true }).check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect.poll(() => page.locator('h2').first().innerText()).toBe('Check your inbox');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await stateOf('reader@example.com')).toBe('pending');

    // The outbox page shows the confirmation email; its link is followed as a person would.
    await page.goto(`${service.url}/_dev/outbox`);
    const mail = page.locator('article', { hasText: 'reader@example.com' });
    expect(await mail.innerText()).toContain('Confirm your subscription to Test Cloud status updates');
    await mail.getByRole('link', { name: /\/v1\/subscriptions\/confirm/ }).click();
    // Following the link (as a link scanner would) only asks; the button confirms.
    await expect.poll(() => page.locator('h2').first().innerText()).toBe('Confirm your subscription');
    expect(await stateOf('reader@example.com')).toBe('pending');
    await page.getByRole('button', { name: 'Confirm my subscription' }).click();
    await expect.poll(() => page.locator('h2').first().innerText()).toBe('Subscription confirmed');
    await page.screenshot({ path: 'test-results/subscription-confirmed.png' });
    expect(await stateOf('reader@example.com')).toBe('confirmed');

    // The manage page shows the chosen component.
    await page.getByRole('link', { name: 'Manage my subscription' }).click();
    expect(await page.getByLabel('Database', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('API', { exact: true }).isChecked()).toBe(false);

    // RFC 8058 one-click unsubscribe: what a mailbox provider POSTs to the List-Unsubscribe URL.
    const subscriber = (await service.subscribers.list({ limit: 100 })).items.find(
      (s) => s.address === 'reader@example.com',
    )!;
    const oneClick = await fetch(await service.subscribers.unsubscribeUrl(subscriber), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await stateOf('reader@example.com')).toBe('unsubscribed');
  });

  it('asks for the SMS code on a page, and shows a clear page for a bad link', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${service.url}/`);
    await page.getByLabel('Mobile number').fill('+33 6 12 34 56 90');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect.poll(() => page.locator('h2').first().innerText()).toBe('Enter your code');
    await page.getByLabel('Code').fill('000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('That code is not right');

    const [sms] = await messagesTo(service, '+33612345690');
    const code = /code is (\d{6})/.exec(sms!.body)![1]!;
    await page.getByLabel('Code').fill(code);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.locator('h2').first().innerText()).toBe('Subscription confirmed');

    await page.goto(`${service.url}/v1/subscriptions/confirm?token=tampered.token`);
    expect(await page.locator('h2').first().innerText()).toBe('This link is not valid');
  });
});
