import type { Incident } from '../../core/incident';
import type { Maintenance } from '../../core/maintenance';
import { html } from '../html';
import { maintenanceWindow } from '../maintenance-messages';
import { dateTime } from '../time';
import { layout, type PageContext } from './layout';

const SEVERITY = { none: 0, minor: 1, major: 2, critical: 3 } as const;

/**
 * The holding page a load balancer can send traffic to while the product is down: the message
 * on-call set, the most severe open incident and its latest update, and the way to the status page.
 * With no open incident but a maintenance in progress, its maintenance variant: the window and
 * when the product is expected back.
 */
export function outagePage(
  ctx: PageContext,
  open: Incident[],
  message: string | null,
  maintenances: readonly Maintenance[] = [],
): string {
  const { t, clock, config } = ctx;
  const maintenance = maintenances[0];
  if (!open.length && maintenance) return maintenanceVariant(ctx, maintenance, message);
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

function maintenanceVariant(ctx: PageContext, m: Maintenance, message: string | null): string {
  const { t, clock, config } = ctx;
  const latest = m.updates.filter((u) => u.moment !== 'reminder').at(-1);
  const body = html`<div class="outage">
<h1>${t.maintenances.holdingTitle}</h1>
<p class="message">${message ?? ''}</p>
<div class="card"><h2>${m.name}</h2>
<p class="until"><strong>${t.maintenances.holdingUntil(dateTime(m.scheduledUntil, clock))}</strong></p>
<p class="meta">${maintenanceWindow(config, config.page.locale, m)}</p>
${latest ? html`<p class="body">${latest.body}</p>` : ''}</div>
<p><a href="/#maintenance-${m.id}">${t.outageFollow} →</a></p></div>`;
  return layout(ctx, {
    title: `${t.maintenances.holdingTitle} · ${config.page.name}`,
    body,
    refresh: true,
    noindex: true,
  });
}
