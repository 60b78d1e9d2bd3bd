import type { Component } from '../../core/component';
import type { Incident } from '../../core/incident';
import type { ProbeHistory } from '../../core/probes/probe-samples';
import { html, type SafeHtml, trusted } from '../html';
import { latencyChart } from '../latency-chart';
import { dateTime } from '../time';
import { type ComponentUptime, formatPercent } from '../uptime';
import type { PageContext } from './layout';

/** An incident with its whole timeline, newest update first. */
export function incidentCard(
  ctx: PageContext,
  incident: Incident,
  components: Component[],
  heading: 'h2' | 'h3' = 'h3',
): SafeHtml {
  const { t, clock } = ctx;
  const names = Object.keys(incident.components).map((id) => components.find((c) => c.id === id)?.name ?? id);
  const title = html`<a href="/incidents/${incident.id}/">${incident.name}</a>`;
  return html`<article class="card incident" aria-labelledby="i-${incident.id}">
${heading === 'h2' ? html`<h2 id="i-${incident.id}">${incident.name}</h2>` : html`<h3 id="i-${incident.id}">${title}</h3>`}
<p class="meta">${t.impact[incident.impact]} · <span class="status s-${incident.status}">${t.incidentStatus[incident.status]}</span>
${names.length ? html` · ${t.affects}${t.colon}${names.join(', ')}` : ''}</p>
<ol class="timeline">${[...incident.updates].reverse().map(
    (
      u,
    ) => html`<li><strong>${t.incidentStatus[u.status]}</strong> <span class="meta"><time datetime="${u.createdAt}">${dateTime(u.createdAt, clock)}</time></span>
<p class="body">${u.body}</p></li>`,
  )}</ol>
</article>`;
}

/**
 * A component row: name, status in words and colour, and its uptime bars; with probes, the
 * uptime they measured and their response-time chart.
 */
export function componentRow(
  ctx: PageContext,
  component: Component,
  incidentUptime: ComponentUptime,
  probe?: ProbeHistory,
): SafeHtml {
  const { t, clock } = ctx;
  const uptime =
    probe && probe.uptimePercent !== null ? { ...incidentUptime, percent: probe.uptimePercent } : incidentUptime;
  const percent = uptime.percent === null ? null : formatPercent(uptime.percent, clock.locale);
  return html`<div class="component">
<div class="row"><span><span class="name">${component.name}</span>
${component.description ? html`<br><span class="desc">${component.description}</span>` : ''}</span>
<span class="status s-${component.status}">${t.componentStatus[component.status]}</span></div>
${uptimeBars(ctx, component, uptime)}
<div class="scale"><span>${t.ninetyDaysAgo}</span><span>${percent === null ? t.noData : t.uptime(percent)}</span><span>${t.today}</span></div>
${probe ? latencyChart(ctx.config.page.locale, probe) : ''}
</div>`;
}

/**
 * 90 days as one small SVG: consecutive days of the same status are one rectangle, so a calm
 * quarter costs a few bytes. Each bad run carries a <title> with its dates for pointer users; the
 * SVG's label gives screen readers the summary.
 */
function uptimeBars(ctx: PageContext, component: Component, uptime: ComponentUptime): SafeHtml {
  const { t, clock } = ctx;
  const days = uptime.days;
  const percent = uptime.percent === null ? t.noData : formatPercent(uptime.percent, clock.locale);
  let rects = '';
  for (let start = 0; start < days.length; ) {
    let end = start;
    while (end + 1 < days.length && days[end + 1]!.status === days[start]!.status) end++;
    const { status } = days[start]!;
    const label = status === 'no_data' ? t.noData : t.componentStatus[status];
    const range = start === end ? days[start]!.day : `${days[start]!.day} – ${days[end]!.day}`;
    const title = status === 'operational' ? '' : html`<title>${range}: ${label}</title>`.value;
    rects += `<rect x="${start}" width="${end - start + 1 - 0.25}" height="10" class="b-${status}">${title}</rect>`;
    start = end + 1;
  }
  return html`<svg class="bars" viewBox="0 0 ${days.length} 10" preserveAspectRatio="none" role="img" aria-label="${t.uptimeSummary(component.name, percent, days.length)}">${trusted(rects)}</svg>`;
}
