import type { Incident } from '../../core/incident';
import { html } from '../html';
import { dateTime } from '../time';
import { layout, type PageContext } from './layout';

const SEVERITY = { none: 0, minor: 1, major: 2, critical: 3 } as const;

/**
 * The holding page a load balancer can send traffic to while the product is down: the message
 * on-call set, the most severe open incident and its latest update, and the way to the status page.
 */
export function outagePage(ctx: PageContext, open: Incident[], message: string | null): string {
  const { t, clock, config } = ctx;
  const current = [...open].sort(
    (a, b) => SEVERITY[b.impact] - SEVERITY[a.impact] || b.startedAt.localeCompare(a.startedAt),
  )[0];
  const latest = current?.updates.at(-1);
  const body = html`<div class="outage">
<h1>${current ? t.outageTitle : t.outageNoIncident}</h1>
<p class="message">${message ?? (current ? t.outageDefaultMessage : '')}</p>
${
  current && latest
    ? html`<div class="card"><h2>${current.name}</h2>
<p class="meta">${t.latestUpdate}${t.colon}<strong>${t.incidentStatus[latest.status]}</strong> · <time datetime="${latest.createdAt}">${dateTime(latest.createdAt, clock)}</time></p>
<p class="body">${latest.body}</p></div>`
    : ''
}
<p><a href="${current ? `/incidents/${current.id}/` : '/'}">${t.outageFollow} →</a></p></div>`;
  return layout(ctx, {
    title: `${current ? t.outageTitle : t.outageNoIncident} · ${config.page.name}`,
    body,
    refresh: true,
    noindex: true,
  });
}
