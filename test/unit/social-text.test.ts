import { describe, expect, it } from 'vitest';
import { linkFacets } from '../../lambdas/adapters/bluesky-poster';
import { fitWithLink, graphemes, TEXT_RULES } from '../../lambdas/render/social-text';

const LINK = 'https://status.example.com/incidents/01JDQ4M5R8Z3X7K2N9P6W4T1VB/';
const counted = (text: string) => [...text.replace(/https?:\/\/\S+/g, 'x'.repeat(23))].length;

describe('fitting a post to each network', () => {
  it('leaves a short post whole, the link after the text', () => {
    for (const rule of Object.values(TEXT_RULES))
      expect(fitWithLink('API down.', LINK, rule)).toBe(`API down. ${LINK}`);
  });

  it('counts links as 23 on X and Mastodon, so a long link costs no more than a short one', () => {
    const text = 'a'.repeat(280 - 24);
    expect(fitWithLink(text, LINK, TEXT_RULES.x)).toBe(`${text} ${LINK}`);
    const cut = fitWithLink(`${text}b`, LINK, TEXT_RULES.x);
    expect(cut).toBe(`${'a'.repeat(280 - 25)}… ${LINK}`);
    expect(counted(cut)).toBe(280);

    const body = `See https://provider.example/${'p'.repeat(200)} for details. ${'word '.repeat(120)}`;
    const post = fitWithLink(body, LINK, TEXT_RULES.mastodon);
    expect(post.length).toBeGreaterThan(500);
    expect(counted(post)).toBeLessThanOrEqual(500);
    expect(counted(post)).toBeGreaterThanOrEqual(498);
    expect(post.endsWith(`… ${LINK}`)).toBe(true);
  });

  it('counts graphemes on Bluesky: an emoji with its modifiers is one, and is never split', () => {
    const family = '👩‍👩‍👧‍👦'; // four people joined: 11 code points, 25 bytes, one grapheme
    const flagged = `${'🇫🇷 Paris down. '.repeat(30)}`;
    const post = fitWithLink(flagged, LINK, TEXT_RULES.bluesky);
    expect(graphemes(post)).toHaveLength(300);
    expect(post.endsWith(`… ${LINK}`)).toBe(true);
    // Every grapheme of the cut text is one of the original's: no flag is left half.
    const kept = post.slice(0, post.indexOf('…'));
    expect(flagged.startsWith(kept)).toBe(true);
    const whole = new Set(graphemes(flagged));
    expect(graphemes(kept).filter((g) => !whole.has(g))).toEqual([]);

    // 300 graphemes of families would be 7,500 bytes: Bluesky's 3,000-byte cap cuts first.
    const crowd = fitWithLink(family.repeat(300), LINK, TEXT_RULES.bluesky);
    expect(Buffer.byteLength(crowd)).toBeLessThanOrEqual(3000);
    expect(Buffer.byteLength(crowd)).toBeGreaterThan(3000 - 25);
    expect(crowd.replace(`… ${LINK}`, '')).toBe(family.repeat((crowd.length - LINK.length - 2) / family.length));
  });

  it('marks each link on Bluesky by its UTF-8 byte range, after accents and emoji, without closing punctuation', () => {
    const text = `Café ☕ réseau: voir https://provider.example/état. Page ${LINK}`;
    const facets = linkFacets(text);
    const bytes = Buffer.from(text);
    expect(facets.map((f) => bytes.subarray(f.index.byteStart, f.index.byteEnd).toString())).toEqual([
      'https://provider.example/état',
      LINK,
    ]);
    expect(facets.map((f) => f.features[0]!.uri)).toEqual(['https://provider.example/état', LINK]);
    expect(facets[0]!.index.byteStart).toBeGreaterThan(text.indexOf('https')); // bytes, not UTF-16 units
  });
});
