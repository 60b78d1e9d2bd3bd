import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../lambdas/render/html';
import { renderSite } from '../../lambdas/render/render-site';
import { fileOf, History, NOW, siteConfig } from '../support/site-fixtures';

const PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>"];

describe('the site renderer', () => {
  it('renders every file a status page serves', () => {
    const history = new History(siteConfig());
    const open = history.declare('2026-11-21T10:00:00Z', 'API errors', 'major', { c0: 'partial_outage' });
    const paths = renderSite(history.state()).map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'index.html',
        `incidents/${open.id}/index.html`,
        'history/index.html',
        'history/2026-11/index.html',
        'history.rss',
        'history.atom',
        'badge.svg',
        'outage/index.html',
        '404.html',
        'assets/refresh.js',
        'api/v2/summary.json',
        'api/v2/status.json',
        'api/v2/components.json',
        'api/v2/incidents.json',
        'api/v2/incidents/unresolved.json',
        'api/v2/scheduled-maintenances.json',
        'api/v2/scheduled-maintenances/upcoming.json',
        'api/v2/scheduled-maintenances/active.json',
      ]),
    );
    expect(paths.indexOf(`incidents/${open.id}/index.html`)).toBeLessThan(paths.indexOf('index.html'));
  });

  it('renders a resolved incident page the same whether or not it was rendered before, and anew when the incident or a component name changes', () => {
    const config = siteConfig();
    const history = new History(config);
    const past = history.declare('2026-11-01T10:00:00Z', 'Old outage', 'minor', { c0: 'degraded_performance' });
    history.resolve(past.id, '2026-11-01T11:00:00Z', 'Fixed');
    const path = `incidents/${past.id}/index.html`;
    const first = fileOf(renderSite(history.state()), path);
    expect(fileOf(renderSite(history.state()), path)).toBe(first);
    // The same incident under a fresh config object (another process, or a reloaded config).
    expect(
      fileOf(renderSite(new History(siteConfig()).state({ ...history.state(), config: siteConfig() })), path),
    ).toBe(first);

    const renamed = history.state();
    const component = renamed.components.find((c) => c.id === 'c0')!;
    const withNewName = {
      ...renamed,
      components: renamed.components.map((c) => (c === component ? { ...c, name: 'Renamed API' } : c)),
    };
    expect(fileOf(renderSite(withNewName), path)).toContain('Renamed API');

    const postmortem = {
      ...past,
      version: past.version + 5,
      updates: [
        ...history.state().incidents[0]!.updates,
        {
          ...history.state().incidents[0]!.updates.at(-1)!,
          id: 'pm',
          status: 'postmortem' as const,
          body: 'What we learned',
        },
      ],
    };
    const withPostmortem = history.state({
      incidents: [
        { ...postmortem, status: 'postmortem' as const, resolvedAt: history.state().incidents[0]!.resolvedAt },
      ],
    });
    expect(fileOf(renderSite(withPostmortem), path)).toContain('What we learned');
  });

  it("sets an incident card's heading at the top of its card, with no empty gap above it", () => {
    const history = new History(siteConfig());
    const open = history.declare('2026-11-21T10:00:00Z', 'API errors', 'major', { c0: 'partial_outage' });
    const page = fileOf(renderSite(history.state()), `incidents/${open.id}/index.html`);
    expect(page).toMatch(/<article class="card incident"[^>]*>\n<h2 /); // the card's first child is its heading
    expect(page).toContain('.card>:first-child{margin-top:0}'); // which the card's padding alone spaces
  });

  it('escapes every user-supplied string, in every file', () => {
    for (const payload of PAYLOADS) {
      const config = siteConfig({ name: `Acme ${payload}`, groupName: `Group ${payload}` });
      config.components[0]!.name = `API ${payload}`;
      config.components[0]!.description = `Desc ${payload}`;
      const history = new History(config);
      const open = history.declare(
        '2026-11-21T10:00:00Z',
        `Name ${payload}`,
        'major',
        { c0: 'major_outage' },
        `Body ${payload}`,
      );
      history.update(open.id, '2026-11-21T10:30:00Z', 'identified', `Found ${payload}`);
      const past = history.declare('2026-11-20T10:00:00Z', `Past ${payload}`, 'minor', {}, `Old ${payload}`);
      history.resolve(past.id, '2026-11-20T11:00:00Z', `Fixed ${payload}`);

      const files = renderSite(history.state({ outageMessage: `Message ${payload}` }));
      for (const file of files) {
        if (file.path.endsWith('.json')) {
          expect(() => JSON.parse(file.body), file.path).not.toThrow();
          continue;
        }
        // iCalendar is text, not markup: calendar apps show the page's name as written.
        if (file.path.endsWith('.ics')) {
          expect(file.body, file.path).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/);
          continue;
        }
        expect(file.body, file.path).not.toContain(payload);
        // No tag the payloads carry ever becomes markup; only the page's own script and SVGs exist.
        expect(file.body.match(/<img\b/g), file.path).toBeNull();
        for (const tag of file.body.match(/<(script|svg)\b[^>]*>/g) ?? []) {
          expect(tag, file.path).toMatch(/^<script src="\/assets\/refresh.js" defer>$|^<svg (class="bars"|xmlns=)/);
        }
      }
      // The text is still there, escaped, where a person reads it.
      expect(fileOf(files, 'index.html')).toContain(`Found ${escapeHtml(payload)}`);
      const summary = JSON.parse(fileOf(files, 'api/v2/summary.json'));
      expect(summary.incidents[0].incident_updates[0].body).toBe(`Found ${payload}`);
    }
  });

  it('renders the same bytes from the same state', () => {
    const history = new History(siteConfig());
    history.declare('2026-11-21T10:00:00Z', 'API errors', 'major', { c0: 'partial_outage' });
    const a = renderSite(history.state());
    const b = renderSite(history.state());
    expect(b).toEqual(a);
  });

  it('shows the banner, the active incident with its timeline, and component status in words', () => {
    const history = new History(siteConfig());
    const open = history.declare(
      '2026-11-21T10:00:00Z',
      'API errors',
      'critical',
      { c0: 'major_outage' },
      'We see errors',
    );
    history.update(open.id, '2026-11-21T10:20:00Z', 'identified', 'Bad deploy');
    const index = fileOf(renderSite(history.state()), 'index.html');
    expect(index).toContain('Major Service Outage');
    expect(index).toContain('Active incidents');
    expect(index.indexOf('Bad deploy')).toBeLessThan(index.indexOf('We see errors')); // newest first
    expect(index).toMatch(/class="status s-major_outage">Major outage</);
    expect(index).toContain('Core platform');
    // Times in the page's zone (Paris, UTC+1 in November).
    expect(index).toContain('11:20');
  });

  it('is readable without JavaScript and loads nothing from third parties', () => {
    const history = new History(siteConfig());
    history.declare('2026-11-21T10:00:00Z', 'API errors', 'minor', { c1: 'degraded_performance' });
    for (const file of renderSite(history.state()).filter((f) => f.path.endsWith('.html'))) {
      expect(file.body, file.path).toMatch(/^<!doctype html>\n<html lang="en">/);
      expect(file.body, file.path).not.toMatch(/(src|href)="(https?:)?\/\//);
      const scripts = file.body.match(/<script[^>]*>/g) ?? [];
      for (const script of scripts) expect(script).toBe('<script src="/assets/refresh.js" defer>');
      expect(file.body).toContain('<style>');
    }
  });

  it('speaks French when the page is French', () => {
    const history = new History(siteConfig({ locale: 'fr' }));
    history.declare('2026-11-21T10:00:00Z', 'Erreurs API', 'major', { c0: 'partial_outage' });
    const files = renderSite(history.state());
    const index = fileOf(files, 'index.html');
    expect(index).toContain('<html lang="fr">');
    expect(index).toContain('Panne partielle');
    expect(index).toContain('Incidents en cours');
    expect(index).toMatch(/\d+,\d{2}\u202F% de disponibilité/);
    // French typography: a narrow no-break space before a colon, never a plain space or none.
    expect(index).toContain('Dernière mise à jour\u202F: <time');
    expect(index).not.toMatch(/[^\u202F]: <time/);
    expect(fileOf(renderSite(new History(siteConfig({ locale: 'fr' })).state()), 'index.html')).toContain(
      'Tous les systèmes sont opérationnels',
    );
  });

  it('keeps index.html within 30 KB with 20 components and 5 active incidents', () => {
    const history = new History(siteConfig({ components: 20 }));
    for (let i = 0; i < 5; i++) {
      const incident = history.declare(
        `2026-11-21T0${i}:00:00Z`,
        `Incident number ${i} with a name`,
        'major',
        { [`c${i}`]: 'major_outage' },
        'We are investigating reports of errors on this component.',
      );
      history.update(
        incident.id,
        `2026-11-21T0${i}:30:00Z`,
        'identified',
        'The cause is a failed database node; traffic is moving to a replica.',
      );
    }
    for (let d = 1; d < 80; d += 3) {
      const day = new Date(Date.parse(NOW) - d * 86_400_000).toISOString();
      const past = history.declare(day, `Past ${d}`, 'minor', { [`c${d % 20}`]: 'partial_outage' });
      history.resolve(past.id, new Date(Date.parse(day) + 3_600_000).toISOString());
    }
    const index = fileOf(renderSite(history.state()), 'index.html');
    expect(Buffer.byteLength(index)).toBeLessThanOrEqual(30 * 1024);
  });

  it('hides a component marked only-show-if-degraded while it is operational', () => {
    const config = siteConfig();
    config.components[3]!.onlyShowIfDegraded = true;
    const calm = new History(config);
    expect(fileOf(renderSite(calm.state()), 'index.html')).not.toContain('Component 3');
    calm.declare('2026-11-21T10:00:00Z', 'x', 'minor', { c3: 'degraded_performance' });
    expect(fileOf(renderSite(calm.state()), 'index.html')).toContain('Component 3');
  });

  it('puts the outage message, the most severe open incident and its latest update on the holding page', () => {
    const history = new History(siteConfig());
    history.declare('2026-11-21T10:00:00Z', 'Slow search', 'minor', { c1: 'degraded_performance' });
    const worst = history.declare('2026-11-21T09:00:00Z', 'Checkout down', 'critical', { c0: 'major_outage' });
    history.update(worst.id, '2026-11-21T10:30:00Z', 'identified', 'Payment provider outage');
    const page = fileOf(
      renderSite(history.state({ outageMessage: 'Orders are safe; retry in an hour.' })),
      'outage/index.html',
    );
    expect(page).toContain('Orders are safe; retry in an hour.');
    expect(page).toContain('Checkout down');
    expect(page).toContain('Payment provider outage');
    expect(page).not.toContain('Slow search');
    expect(page).toContain('<meta name="robots" content="noindex">');

    const calm = fileOf(renderSite(new History(siteConfig()).state()), 'outage/index.html');
    expect(calm).toContain('No outage is in progress.');
  });

  it('files past incidents by month, current month live and past months archived', () => {
    const history = new History(siteConfig());
    const old = history.declare('2026-09-03T10:00:00Z', 'September outage', 'major', { c0: 'major_outage' });
    history.resolve(old.id, '2026-09-03T11:00:00Z');
    const files = renderSite(history.state());
    const september = files.find((f) => f.path === 'history/2026-09/index.html')!;
    expect(september.cache).toBe('archive');
    expect(september.body).toContain('September outage');
    expect(files.find((f) => f.path === 'history/index.html')!.cache).toBe('live');
    expect(fileOf(files, 'history/index.html')).toContain('href="/history/2026-09/"');
    expect(files.find((f) => f.path === `incidents/${old.id}/index.html`)!.cache).toBe('archive');
  });

  it('draws a badge coloured and worded by the indicator', () => {
    const history = new History(siteConfig());
    history.declare('2026-11-21T10:00:00Z', 'x', 'critical', { c0: 'major_outage' });
    const badge = fileOf(renderSite(history.state()), 'badge.svg');
    expect(badge).toContain('Major Service Outage');
    expect(badge).toContain('#cf222e');
    expect(badge).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });
});
