import type { Component } from '../../core/component';
import { type Incident, isOpen } from '../../core/incident';
import type { Postmortem } from '../../core/postmortem';
import { html, type SafeHtml } from '../html';
import { postmortemDocument } from '../postmortem-document';
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
${incident.postmortem ? postmortemSection(ctx, incident.postmortem) : ''}
<p><a href="/">← ${t.backToStatus}</a> · <a href="/history/">${t.history}</a></p>`;
  return layout(ctx, {
    title: `${incident.name} · ${config.page.name}`,
    description: incident.updates.at(-1)!.body.slice(0, 160),
    body,
    refresh: isOpen(incident),
  });
}

/** The postmortem under the timeline: when it was published (and last edited), then the document. */
function postmortemSection(ctx: PageContext, postmortem: Postmortem): SafeHtml {
  const { t, clock } = ctx;
  const time = (iso: string) => html`<time datetime="${iso}">${dateTime(iso, clock)}</time>`;
  return html`<section class="card postmortem" aria-labelledby="postmortem">
<h2 id="postmortem">${t.postmortem.heading}</h2>
<p class="meta">${t.postmortem.published}${t.colon}${time(postmortem.publishedAt)}${postmortem.updatedAt !== postmortem.publishedAt ? html` · ${t.postmortem.edited}${t.colon}${time(postmortem.updatedAt)}` : ''}</p>
${postmortemDocument(postmortem)}
</section>`;
}
