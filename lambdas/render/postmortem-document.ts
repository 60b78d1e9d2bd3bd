import type { Postmortem } from '../core/postmortem';
import { html, type SafeHtml, trusted } from './html';

/**
 * The postmortem as HTML: what was rendered and sanitized when its revision was written
 * (core/postmortem.ts), so what shows a postmortem (pages, feeds, messages) loads no renderer.
 */
export function postmortemDocument(postmortem: Postmortem): SafeHtml {
  // Stored before the HTML was kept with it: its Markdown shown as text until the next edit.
  if (postmortem.html === undefined) return html`<pre>${postmortem.body}</pre>`;
  return trusted(postmortem.html);
}
