import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { renderSite } from '../../lambdas/render/render-site';
import { fileOf, History, siteConfig } from '../support/site-fixtures';

function files() {
  const history = new History(siteConfig());
  const past = history.declare(
    '2026-11-20T08:00:00Z',
    'Slow <dashboard> & "reports"',
    'minor',
    { c3: 'degraded_performance' },
    'Looking into it',
  );
  history.resolve(past.id, '2026-11-20T09:00:00Z', 'Fixed <for good>');
  const open = history.declare(
    '2026-11-21T09:00:00Z',
    'API errors',
    'major',
    { c0: 'partial_outage' },
    'Errors & timeouts',
  );
  return { files: renderSite(history.state()), open, past };
}

describe('the history feeds, read by a real feed parser', () => {
  it('RSS lists incidents newest first with links, dates and every update', async () => {
    const { files: site, open, past } = files();
    const feed = await new Parser().parseString(fileOf(site, 'history.rss'));
    expect(feed.title).toBe('Acme Cloud - Incident history');
    expect(feed.link).toBe('https://status.acme.example');
    expect(feed.items.map((i) => i.title)).toEqual(['API errors', 'Slow <dashboard> & "reports"']);
    expect(feed.items[0]!.link).toBe(`https://status.acme.example/incidents/${open.id}/`);
    expect(new Date(feed.items[1]!.pubDate!).toISOString()).toBe('2026-11-20T09:00:00.000Z');
    expect(feed.items[1]!.content).toContain('Fixed &lt;for good&gt;');
    expect(feed.items[1]!.content).toContain('<strong>Resolved</strong>');
    expect(feed.items[1]!.guid).toContain(past.id);
  });

  it('Atom has ids, updated times and HTML content', async () => {
    const { files: site, open } = files();
    const feed = await new Parser().parseString(fileOf(site, 'history.atom'));
    expect(feed.title).toBe('Acme Cloud - Incident history');
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]!.id).toBe(`tag:status.acme.example,2026:acme:incident:${open.id}`);
    expect(feed.items[0]!.link).toBe(`https://status.acme.example/incidents/${open.id}/`);
    expect(feed.items[0]!.content).toContain('Errors &amp; timeouts');
    expect(new Date(feed.items[0]!.isoDate!).toISOString()).toBe('2026-11-21T09:00:00.000Z');
  });
});

/** XML 1.0's Char production: any character outside it makes the document not XML at all. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

describe('the feeds stay valid XML whatever an incident says', () => {
  it('drops control characters, U+FFFE and lone surrogates from incident text', async () => {
    const history = new History(siteConfig());
    const hostile = 'Red \u001b[31malert\u001b[0m, NUL\u0000, BOM-ish \uFFFE, lone \uD800 and \uDFFF, emoji 🚒';
    history.declare(
      '2026-11-21T09:00:00Z',
      `Outage ${hostile}`,
      'major',
      { c0: 'partial_outage' },
      `Update: ${hostile}\u0007`,
    );
    const site = renderSite(history.state());
    for (const name of ['history.rss', 'history.atom']) {
      const xml = fileOf(site, name);
      expect(NOT_XML_CHAR.exec(xml), name).toBeNull();
      const feed = await new Parser().parseString(xml);
      expect(feed.items[0]!.title).toBe('Outage Red [31malert[0m, NUL, BOM-ish , lone  and , emoji 🚒');
      expect(feed.items[0]!.content).toContain('emoji 🚒');
    }
  });
});
