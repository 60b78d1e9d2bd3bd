import type { Incident } from '../core/incident';
import type { Messages } from './i18n';
import { postmortemDocument } from './postmortem-document';
import type { SiteState } from './site-state';
import { dateTime } from './time';

const FEED_SIZE = 50;

/**
 * Characters XML 1.0 forbids anywhere, even escaped: C0 controls but tab, CR and LF (an ESC from
 * a pasted terminal colour, a NUL), lone surrogates, U+FFFE and U+FFFF. One of them makes the
 * whole feed unreadable to every reader, so they are dropped.
 */
const XML_ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export const xmlSafe = (text: string): string => text.replace(XML_ILLEGAL, '');

const escapeXml = (text: string): string =>
  xmlSafe(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/**
 * The incident's postmortem, then its updates, as HTML (escaped once for HTML, then again as XML
 * text). The postmortem is in the incident's own entry: an edit updates the entry, never adds one.
 */
function updatesHtml(incident: Incident, t: Messages, clock: { locale: string; timeZone: string }): string {
  const { postmortem } = incident;
  const document = postmortem
    ? `<h2>${escapeXml(t.postmortem.heading)}</h2><p><small>${escapeXml(dateTime(postmortem.updatedAt, clock))}</small></p>${xmlSafe(postmortemDocument(postmortem).value)}`
    : '';
  return (
    document +
    [...incident.updates]
      .reverse()
      .map(
        (u) =>
          `<p><small>${escapeXml(dateTime(u.createdAt, clock))}</small><br><strong>${escapeXml(t.incidentStatus[u.status])}</strong> - ${escapeXml(u.body)}</p>`,
      )
      .join('')
  );
}

/**
 * Each update is news, so each version of an open incident is an item of its own; its postmortem
 * is one item, whose edits readers take as that item changed rather than as another.
 */
const guidOf = (pageId: string, incident: Incident): string =>
  `${pageId}:incident:${incident.id}:${incident.postmortem ? 'postmortem' : incident.version}`;

export function rssFeed(state: SiteState, t: Messages, updatedAt: string): string {
  const { page } = state.config;
  const clock = { locale: page.locale, timeZone: page.timeZone };
  const items = state.incidents.slice(0, FEED_SIZE).map(
    (i) => `<item>
<title>${escapeXml(i.name)}</title>
<link>${escapeXml(`${page.url}/incidents/${i.id}/`)}</link>
<guid isPermaLink="false">${escapeXml(guidOf(page.id, i))}</guid>
<pubDate>${new Date(i.updatedAt).toUTCString()}</pubDate>
<description>${escapeXml(updatesHtml(i, t, clock))}</description>
</item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${escapeXml(`${page.name} - ${t.history}`)}</title>
<link>${escapeXml(page.url)}</link>
<atom:link href="${escapeXml(`${page.url}/history.rss`)}" rel="self" type="application/rss+xml"/>
<description>${escapeXml(`${page.name} - ${t.history}`)}</description>
<language>${t.lang}</language>
<lastBuildDate>${new Date(updatedAt).toUTCString()}</lastBuildDate>
${items.join('\n')}
</channel>
</rss>
`;
}

export function atomFeed(state: SiteState, t: Messages, updatedAt: string): string {
  const { page } = state.config;
  const clock = { locale: page.locale, timeZone: page.timeZone };
  const entries = state.incidents.slice(0, FEED_SIZE).map(
    (i) => `<entry>
<id>${escapeXml(`tag:${new URL(page.url).hostname},2026:${page.id}:incident:${i.id}`)}</id>
<published>${i.startedAt}</published>
<updated>${i.updatedAt}</updated>
<link rel="alternate" type="text/html" href="${escapeXml(`${page.url}/incidents/${i.id}/`)}"/>
<title>${escapeXml(i.name)}</title>
<content type="html">${escapeXml(updatesHtml(i, t, clock))}</content>
</entry>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xml:lang="${t.lang}" xmlns="http://www.w3.org/2005/Atom">
<id>${escapeXml(`tag:${new URL(page.url).hostname},2026:${page.id}:history`)}</id>
<link rel="alternate" type="text/html" href="${escapeXml(page.url)}"/>
<link rel="self" type="application/atom+xml" href="${escapeXml(`${page.url}/history.atom`)}"/>
<title>${escapeXml(`${page.name} - ${t.history}`)}</title>
<author><name>${escapeXml(page.name)}</name></author>
<updated>${updatedAt}</updated>
${entries.join('\n')}
</feed>
`;
}
