import { Script } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bannerScript } from '../../lambdas/render/banner-script';
import { renderSite } from '../../lambdas/render/render-site';
import { fileOf, History, siteConfig } from '../support/site-fixtures';

describe('the in-app banner script', () => {
  it('is small: under 5 KB gzipped, with both languages in it', () => {
    const script = bannerScript('en');
    const gzipped = gzipSync(script, { level: 9 }).length;
    expect(gzipped).toBeLessThan(5 * 1024);
    expect(script).toContain('Major outage');
    expect(script).toContain('Panne majeure');
  });

  it('is one valid script that defaults to the status page’s language', () => {
    expect(() => new Script(bannerScript('fr'))).not.toThrow();
    expect(bannerScript('fr')).toContain('PAGE_LOCALE = "fr"');
    expect(bannerScript('en')).toContain('PAGE_LOCALE = "en"');
  });

  it('loads nothing and writes no markup from data: no import, no innerHTML, no eval', () => {
    const script = bannerScript('en');
    expect(script).not.toMatch(
      /\bimport\b|innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\b|new Function/,
    );
    // The one global it sets.
    expect(script.match(/window\.\w+\s*=/g)).toEqual(['window.LifeboatBanner =']);
  });
});

describe('the embed files of the site', () => {
  const history = new History(siteConfig());
  history.declare('2026-11-21T10:00:00Z', 'API errors', 'major', { c0: 'partial_outage' });
  const files = renderSite(history.state());

  it('serves the banner script and a page documenting it, both long-lived', () => {
    expect(files.find((f) => f.path === 'embed/banner.js')).toMatchObject({
      contentType: 'text/javascript; charset=utf-8',
      cache: 'archive',
    });
    const page = fileOf(files, 'embed/index.html');
    expect(page).toContain(
      '&lt;script src=&quot;https://status.acme.example/embed/banner.js&quot; data-components=&quot;c0,c1&quot; async&gt;&lt;/script&gt;',
    );
    expect(page).toContain('<code>c0</code>');
  });

  it('links the embed page from every page’s footer, in the page’s language', () => {
    expect(fileOf(files, 'index.html')).toMatch(/<footer[\s\S]*<a href="\/embed\/">Embed<\/a>[\s\S]*<\/footer>/);
    const french = renderSite(new History(siteConfig({ locale: 'fr' })).state());
    expect(fileOf(french, 'index.html')).toContain('<a href="/embed/">Intégrer</a>');
    expect(fileOf(french, 'embed/index.html')).toContain('Intégrer ce statut à votre site');
  });
});
