import type { OutboxMessage } from '../adapters/local/outbox';
import type { SocialNetwork } from '../core/config';
import { html, trusted } from '../render/html';

/** One message on any channel, as the outbox page lists it. */
export interface SentMessage {
  channel: 'email' | 'sms' | 'webhook' | SocialNetwork | 'slack';
  to: string;
  at: string;
  subject: string | null;
  body: string;
  headers: Record<string, string>;
}

interface SesStoreEmail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  headers?: { name: string; value: string }[];
  at: number;
}

/** Every message sent locally, newest first: emails from the SES emulator, the rest from the outbox. */
export async function sentMessages(sesEndpoint: string, outbox: readonly OutboxMessage[]): Promise<SentMessage[]> {
  const { emails } = (await (await fetch(`${sesEndpoint}/store`)).json()) as { emails: SesStoreEmail[] };
  const all: (SentMessage & { order: number })[] = [
    ...emails.map((e, order) => ({
      channel: 'email' as const,
      to: e.destination.to.join(', '),
      at: new Date(e.at * 1000).toISOString(),
      subject: e.subject,
      body: e.body.text ?? e.body.html ?? '',
      headers: Object.fromEntries((e.headers ?? []).map((h) => [h.name, h.value])),
      order,
    })),
    ...outbox.map((m, order) => ({
      channel: m.channel,
      to: m.to,
      at: m.at,
      subject: null,
      body: m.body,
      headers: m.headers ?? {},
      order,
    })),
  ];
  // Newest first; the SES emulator stamps whole seconds, so arrival order breaks its ties.
  return all
    .sort((a, b) => b.at.localeCompare(a.at) || b.order - a.order)
    .map(({ order: _order, ...message }) => message);
}

/** The outbox as a page for a person: every message, its headers, and its links made clickable. */
export function outboxPage(messages: SentMessage[]): string {
  const linkify = (text: string) =>
    trusted(html`${text}`.value.replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`));
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Outbox · Lifeboat local</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1d2330}
article{border:1px solid #e3e6eb;border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}
pre{white-space:pre-wrap;background:#f7f8fa;padding:.5rem;border-radius:6px}.meta{color:#5b6474;font-size:.85rem}
.channel{font-weight:700;text-transform:uppercase;font-size:.75rem;letter-spacing:.05em}</style></head>
<body><h1>Outbox</h1><p class="meta">Everything local mode sent, newest first: email through the SES emulator, SMS and webhooks (which have no emulator) here. Local mode only.</p>
<main>${messages.length === 0 ? html`<p>Nothing sent yet.</p>` : ''}
${messages.map(
  (
    m,
  ) => html`<article><p><span class="channel">${m.channel}</span> to <strong>${m.to}</strong> <span class="meta">${m.at}</span></p>
${m.subject ? html`<h2>${m.subject}</h2>` : ''}
${Object.keys(m.headers).length ? html`<p class="meta">${Object.entries(m.headers).map(([k, v]) => html`${k}: ${v}<br>`)}</p>` : ''}
<pre>${linkify(m.body)}</pre></article>`,
)}</main></body></html>`.value;
}
