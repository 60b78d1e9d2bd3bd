import { isOpen } from '../core/incident';
import { isActiveMaintenance } from '../core/maintenance';
import { statusBadge } from './badge';
import { bannerScript } from './banner-script';
import { EMBED_MESSAGES } from './embed-messages';
import { atomFeed, rssFeed } from './feeds';
import { MESSAGES } from './i18n';
import { maintenanceCalendar } from './ical';
import { embedPage } from './pages/embed-page';
import { historyPage } from './pages/history-page';
import { incidentPage } from './pages/incident-page';
import { indexPage } from './pages/index-page';
import type { PageContext } from './pages/layout';
import { notFoundPage } from './pages/not-found-page';
import { outagePage } from './pages/outage-page';
import { REFRESH_SCRIPT } from './refresh-script';
import { CONTENT_TYPES, type SiteFile } from './site-file';
import type { SiteState } from './site-state';
import { lastChange, statuspageApi } from './statuspage-json';
import { dayKey } from './time';
import { UptimeCalculator } from './uptime';

/**
 * Rendered pages of resolved incidents, per config (its text and time zone shape them) and per
 * component names (their cards name components). Same inputs, same bytes: a cache changes no output.
 */
const archived = new WeakMap<SiteState['config'], { components: string; pages: Map<string, string> }>();
const MAX_ARCHIVED_PAGES = 20_000;

function archivedPages(config: SiteState['config'], components: SiteState['components']): Map<string, string> {
  const names = components.map((c) => `${c.id}\u0000${c.name}\u0000${c.groupId ?? ''}`).join('\u0001');
  let entry = archived.get(config);
  if (!entry || entry.components !== names || entry.pages.size > MAX_ARCHIVED_PAGES) {
    entry = { components: names, pages: new Map() };
    archived.set(config, entry);
  }
  return entry.pages;
}

/**
 * Every file of the status site, from the state alone: no clock, no I/O. The same state always
 * gives the same bytes, which is what lets the publisher upload only what changed.
 */
export function renderSite(state: SiteState): SiteFile[] {
  const { config } = state;
  const t = MESSAGES[config.page.locale];
  const ctx: PageContext = { config, t, clock: { locale: config.page.locale, timeZone: config.page.timeZone } };
  const updatedAt = lastChange(state);
  const uptime = new UptimeCalculator(state.incidents, config.page.timeZone, Date.parse(state.now));
  const open = state.incidents.filter(isOpen);

  const files: SiteFile[] = [];
  const add = (path: string, contentType: string, body: string, cache: SiteFile['cache'] = 'live') =>
    files.push({ path, contentType, body, cache });

  // Incident pages first: the publisher uploads in this order, so no page links to one not yet there.
  const pages = archivedPages(config, state.components);
  for (const incident of state.incidents) {
    if (isOpen(incident)) {
      add(`incidents/${incident.id}/index.html`, CONTENT_TYPES.html, incidentPage(ctx, incident, state.components));
      continue;
    }
    // A resolved incident's page changes only with the incident (a postmortem is a new version):
    // rendered once, not on every publish, which is most of a publish's time with a long history.
    const key = `${incident.id}|${incident.version}|${incident.updates.length}|${incident.resolvedAt}`;
    let page = pages.get(key);
    if (page === undefined) {
      page = incidentPage(ctx, incident, state.components);
      pages.set(key, page);
    }
    add(`incidents/${incident.id}/index.html`, CONTENT_TYPES.html, page, 'archive');
  }

  const thisMonth = dayKey(state.now, config.page.timeZone).slice(0, 7);
  const byMonth = new Map<string, typeof state.incidents>([[thisMonth, []]]);
  for (const incident of state.incidents) {
    const month = dayKey(incident.startedAt, config.page.timeZone).slice(0, 7);
    const inMonth = byMonth.get(month);
    if (inMonth) inMonth.push(incident);
    else byMonth.set(month, [incident]);
  }
  const months = [...byMonth.keys()].sort().reverse();
  for (const [month, incidents] of byMonth) {
    const older = months.filter((m) => m < month);
    const page = historyPage(ctx, month, incidents, older);
    add(`history/${month}/index.html`, CONTENT_TYPES.html, page, month === thisMonth ? 'live' : 'archive');
    if (month === thisMonth) add('history/index.html', CONTENT_TYPES.html, page);
  }

  for (const [path, body] of Object.entries(statuspageApi(state))) {
    add(path, CONTENT_TYPES.json, JSON.stringify(body));
  }
  add('history.rss', CONTENT_TYPES.rss, rssFeed(state, t, updatedAt));
  add('history.atom', CONTENT_TYPES.atom, atomFeed(state, t, updatedAt));
  add('maintenances.ics', CONTENT_TYPES.ics, maintenanceCalendar(config, state.maintenances ?? []));
  add('badge.svg', CONTENT_TYPES.svg, statusBadge(state.status));
  add('assets/refresh.js', CONTENT_TYPES.js, REFRESH_SCRIPT, 'archive');
  add('embed/banner.js', CONTENT_TYPES.js, bannerScript(config.page.locale), 'archive');
  add(
    'embed/index.html',
    CONTENT_TYPES.html,
    embedPage(ctx, EMBED_MESSAGES[config.page.locale].page, state),
    'archive',
  );
  add('404.html', CONTENT_TYPES.html, notFoundPage(ctx), 'archive');
  add(
    'outage/index.html',
    CONTENT_TYPES.html,
    outagePage(ctx, open, state.outageMessage, (state.maintenances ?? []).filter(isActiveMaintenance)),
  );
  add('index.html', CONTENT_TYPES.html, indexPage(ctx, state, uptime, updatedAt));
  return files;
}
