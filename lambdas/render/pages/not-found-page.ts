import { html } from '../html';
import { layout, type PageContext } from './layout';

export function notFoundPage(ctx: PageContext): string {
  const { t, config } = ctx;
  const body = html`<h2>${t.notFoundTitle}</h2><p>${t.notFoundBody}</p><p><a href="/">← ${t.backToStatus}</a></p>`;
  return layout(ctx, { title: `${t.notFoundTitle} · ${config.page.name}`, body, noindex: true });
}
