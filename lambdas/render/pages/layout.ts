import type { LifeboatConfig } from '../../core/config';
import { EMBED_MESSAGES } from '../embed-messages';
import { html, type SafeHtml, trusted } from '../html';
import type { Locale, Messages } from '../i18n';
import { STYLES } from '../styles';

export interface PageContext {
  config: LifeboatConfig;
  t: Messages;
  clock: { locale: string; timeZone: string };
  /** Prefix of the site's links: '' on the site itself, its URL on pages the API serves. */
  site?: string;
}

/** The frame of every page: language, viewport, inline CSS, feeds, and an opt-in auto-refresh. */
export function layout(
  ctx: PageContext,
  page: { title: string; body: SafeHtml; description?: string; refresh?: boolean; noindex?: boolean },
): string {
  const { config, t } = ctx;
  const site = ctx.site ?? '';
  return html`<!doctype html>
<html lang="${t.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
${page.description ? html`<meta name="description" content="${page.description}">` : ''}
${page.noindex ? html`<meta name="robots" content="noindex">` : ''}
<link rel="alternate" type="application/rss+xml" title="${config.page.name}" href="${site}/history.rss">
<link rel="alternate" type="application/atom+xml" title="${config.page.name}" href="${site}/history.atom">
<link rel="icon" href="${site}/badge.svg" type="image/svg+xml">
<style>${trusted(STYLES)}</style>
${page.refresh ? html`<script src="/assets/refresh.js" defer></script>` : ''}
</head>
<body>
<a class="skip" href="#main">${t.skipToContent}</a>
<div class="wrap">
<header class="site"><h1><a href="${site}/">${config.page.name}</a></h1>
<nav aria-label="${config.page.name}"><a href="${site}/history/">${t.history}</a></nav></header>
<main id="main">${page.body}</main>
<footer class="site">
<span>${t.subscribeToFeeds}${t.colon}<a href="${site}/history.rss">RSS</a> · <a href="${site}/history.atom">Atom</a></span>
<a href="${site}/api/v2/summary.json">${t.statusApi}</a>
<a href="${site}/embed/">${(EMBED_MESSAGES[t.lang as Locale] ?? EMBED_MESSAGES.en).page.link}</a>
<span>${t.poweredBy}</span>
</footer>
</div>
</body>
</html>
`.value;
}
