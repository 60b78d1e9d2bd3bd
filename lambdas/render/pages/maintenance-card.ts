import type { Component } from '../../core/component';
import type { Maintenance } from '../../core/maintenance';
import { html, type SafeHtml } from '../html';
import { maintenanceWindow } from '../maintenance-messages';
import { dateTime } from '../time';
import type { PageContext } from './layout';

/** A maintenance on the status page: its window, components and updates (reminders are not updates). */
export function maintenanceCard(ctx: PageContext, m: Maintenance, components: Component[]): SafeHtml {
  const { t, clock, config } = ctx;
  const names = m.components.map((id) => components.find((c) => c.id === id)?.name ?? id);
  const updates = m.updates.filter((u) => u.moment !== 'reminder').reverse();
  return html`<article class="card incident maintenance" id="maintenance-${m.id}" aria-labelledby="m-${m.id}">
<h3 id="m-${m.id}">${m.name}</h3>
<p class="meta">${t.maintenances.label} · <span class="status s-under_maintenance">${t.maintenances.status[m.status]}</span>
${names.length ? html` · ${t.affects}${t.colon}${names.join(', ')}` : ''}</p>
<p class="meta">${maintenanceWindow(config, config.page.locale, m)}</p>
<ol class="timeline">${updates.map(
    (
      u,
    ) => html`<li><strong>${t.maintenances.status[u.status]}</strong> <span class="meta"><time datetime="${u.createdAt}">${dateTime(u.createdAt, clock)}</time></span>
<p class="body">${u.body}</p></li>`,
  )}</ol>
</article>`;
}
