import type { Incident } from '../../core/incident';
import { html } from '../html';
import { dateTime, monthName } from '../time';
import { layout, type PageContext } from './layout';

/** The incidents of one month, newest first, with links to the months before. */
export function historyPage(ctx: PageContext, month: string, incidents: Incident[], months: string[]): string {
  const { t, clock, config } = ctx;
  const label = monthName(`${month}-15T12:00:00Z`, { ...clock, timeZone: 'UTC' });
  const body = html`
<h2>${t.historyOf(label)}</h2>
${
  incidents.length
    ? incidents.map(
        (i) => html`<article class="card incident"><h3><a href="/incidents/${i.id}/">${i.name}</a></h3>
<p class="meta">${t.impact[i.impact]} · <span class="status s-${i.status}">${t.incidentStatus[i.status]}</span> ·
<time datetime="${i.startedAt}">${dateTime(i.startedAt, clock)}</time>
${i.resolvedAt ? html` – <time datetime="${i.resolvedAt}">${dateTime(i.resolvedAt, clock)}</time>` : ''}</p>
<p class="body">${i.updates.at(-1)!.body}</p></article>`,
      )
    : html`<p class="none">${t.noIncidentsReported}</p>`
}
${
  months.length
    ? html`<nav aria-labelledby="months"><h2 id="months">${t.olderMonths}</h2><ul>${months.map(
        (m) =>
          html`<li><a href="/history/${m}/">${monthName(`${m}-15T12:00:00Z`, { ...clock, timeZone: 'UTC' })}</a></li>`,
      )}</ul></nav>`
    : ''
}`;
  return layout(ctx, { title: `${t.history}${t.colon}${label} · ${config.page.name}`, body });
}
