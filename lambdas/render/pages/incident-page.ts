import type { Component } from '../../core/component';
import { type Incident, isOpen } from '../../core/incident';
import { html } from '../html';
import { dateTime } from '../time';
import { incidentCard } from './fragments';
import { layout, type PageContext } from './layout';

/** One incident, with its whole timeline: the page a notification links to. */
export function incidentPage(ctx: PageContext, incident: Incident, components: Component[]): string {
  const { t, clock, config } = ctx;
  const body = html`
<p class="meta">${t.started}${t.colon}<time datetime="${incident.startedAt}">${dateTime(incident.startedAt, clock)}</time>
${incident.resolvedAt ? html` · ${t.resolved}${t.colon}<time datetime="${incident.resolvedAt}">${dateTime(incident.resolvedAt, clock)}</time>` : ''}</p>
${incidentCard(ctx, incident, components, 'h2')}
<p><a href="/">← ${t.backToStatus}</a> · <a href="/history/">${t.history}</a></p>`;
  return layout(ctx, {
    title: `${incident.name} · ${config.page.name}`,
    description: incident.updates.at(-1)!.body.slice(0, 160),
    body,
    refresh: isOpen(incident),
  });
}
