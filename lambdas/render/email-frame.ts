import { html, type SafeHtml } from './html';
import type { Messages } from './i18n';

/**
 * The frame every email Lifeboat sends shares: no images, no tracking, inline styles (mail
 * clients drop style sheets), one card with the message, and a small footer below it.
 */
export function emailFrame(content: SafeHtml, footer: SafeHtml | string, lang?: string): string {
  return html`<!doctype html><html${lang ? html` lang="${lang}"` : ''}><body style="margin:0;padding:24px;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d2330;background:#f7f8fa">
<div style="max-width:560px;margin:0 auto;background:#fff;border:1px solid #e3e6eb;border-radius:8px;padding:24px">
${content}
<p style="color:#5b6474;font-size:13px;line-height:1.5">${footer}</p>
</div></body></html>`.value;
}

/** The footer of what subscribers are sent: the page, and the link to manage their subscription. */
export const manageFooter = (pageName: string, t: Messages, manageUrl: string): SafeHtml =>
  html`${pageName} · ${t.subscribe.manageFooter} <a href="${manageUrl}">${t.subscribe.manageButton}</a>`;
