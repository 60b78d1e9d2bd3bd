import type { SocialNetwork } from '../core/config';

/** How a network measures a post: what counts, up to how much. */
export interface TextRule {
  limit: number;
  /** The post's length as the network counts it. */
  length(text: string): number;
  /** A cap on the UTF-8 size as well (Bluesky's 3,000 bytes). */
  maxBytes?: number;
}

/** Links as the networks find them in a post: from the scheme to the next space. */
export const LINK_PATTERN = /https?:\/\/[^\s]+/g;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
export const graphemes = (text: string): string[] => Array.from(segmenter.segment(text), (s) => s.segment);
const codePoints = (text: string) => [...text].length;
/** X and Mastodon count every link as 23 characters, whatever its length. */
const withShortLinks = (text: string) => codePoints(text.replace(LINK_PATTERN, 'x'.repeat(23)));

/**
 * Every network's rule, each one named (an added network does not compile until it has one):
 * X 280 characters; Mastodon 500 (the default of an instance), both with links as 23; Bluesky
 * 300 graphemes (what a reader sees as one character, an emoji with its modifiers included) and
 * 3,000 bytes, links at their full length.
 */
export const TEXT_RULES: Record<SocialNetwork, TextRule> = {
  x: { limit: 280, length: withShortLinks },
  mastodon: { limit: 500, length: withShortLinks },
  bluesky: { limit: 300, length: (text) => graphemes(text).length, maxBytes: 3000 },
};

export function fits(text: string, rule: TextRule): boolean {
  return rule.length(text) <= rule.limit && (!rule.maxBytes || Buffer.byteLength(text) <= rule.maxBytes);
}

/**
 * `text` then `link` in one post within the rule, cutting the text (between graphemes, so no emoji
 * is split) and marking the cut with an ellipsis; the link is never cut.
 */
export function fitWithLink(text: string, link: string, rule: TextRule): string {
  const whole = `${text} ${link}`;
  if (fits(whole, rule)) return whole;
  const parts = graphemes(text);
  const cut = (n: number) => `${parts.slice(0, n).join('').trimEnd()}… ${link}`;
  // The longest prefix that still fits: the lengths grow with the prefix, so halve the range.
  let low = 0;
  let high = parts.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(cut(mid), rule)) low = mid;
    else high = mid - 1;
  }
  return cut(low);
}
