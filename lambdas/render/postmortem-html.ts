import MarkdownIt from 'markdown-it';
import { SafeHtml } from './html';

/**
 * A postmortem's Markdown as HTML a status page can show. Two walls: markdown-it is set up with
 * raw HTML off (it escapes any markup the author typed) and only the rules that make allowed
 * elements, and its output then passes a strict allowlist that rebuilds every tag, so a rule or
 * attribute nobody thought of still never reaches the page.
 */

/** Elements a postmortem may contain; anything else loses its tag and keeps its text. */
const ALLOWED_TAGS = new Set([
  'p',
  'h2',
  'h3',
  'h4',
  'ul',
  'ol',
  'li',
  'strong',
  'em',
  'code',
  'pre',
  'blockquote',
  'a',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]);

/** Where a link may lead: the web and email, never script, data or a local file. */
const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

export const isSafeLink = (url: string): boolean => SAFE_LINK.test(url.trim());

function markdownRenderer(): MarkdownIt {
  // 'zero' enables nothing: each rule below is one the allowlist has an element for. Images (a
  // data: URI or a tracking pixel), strikethrough and hard line breaks stay off.
  const md = new MarkdownIt('zero', { html: false, linkify: true, typographer: false });
  md.enable(['paragraph', 'heading', 'lheading', 'list', 'blockquote', 'code', 'fence', 'hr', 'table', 'reference']);
  md.enable(['emphasis', 'backticks', 'link', 'autolink', 'linkify', 'escape', 'entity']);
  md.validateLink = isSafeLink;
  md.core.ruler.push('postmortem_shape', (state) => {
    for (const token of state.tokens) {
      // The page has its one h1 and the postmortem's own h2: the document's headings go below it.
      if (token.type === 'heading_open' || token.type === 'heading_close')
        token.tag = `h${Math.min(4, Number(token.tag.slice(1)) + 2)}`;
      // Table alignment comes as a style attribute, and a fence's language as a class: neither is kept.
      if (token.attrs && token.type !== 'link_open' && token.type !== 'ordered_list_open') token.attrs = null;
      if (token.type === 'fence') token.info = '';
    }
    return true;
  });
  return md;
}

let renderer: MarkdownIt | undefined;

/** The postmortem's HTML: only allowlisted elements, links to http(s) and mailto with rel="nofollow noopener". */
export function postmortemHtml(markdown: string): SafeHtml {
  renderer ??= markdownRenderer();
  return new SafeHtml(allowlisted(renderer.render(markdown)));
}

/**
 * Every tag rebuilt from the allowlist: its attributes dropped but a link's checked href (and an
 * ordered list's start). markdown-it escapes `<` in text, so every `<` in its output opens a tag.
 */
export function allowlisted(markup: string): string {
  return markup.replace(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g, (_, closing: string, name: string, attrs: string) => {
    const tag = name.toLowerCase();
    if (!ALLOWED_TAGS.has(tag)) return '';
    if (closing) return `</${tag}>`;
    if (tag === 'a') {
      const href = /\bhref="([^"]*)"/i.exec(attrs)?.[1];
      if (href === undefined || !isSafeLink(decodeEntities(href))) return '<a>';
      return `<a href="${href}" rel="nofollow noopener">`;
    }
    if (tag === 'ol') {
      const start = /\bstart="(\d{1,6})"/i.exec(attrs)?.[1];
      return start ? `<ol start="${start}">` : '<ol>';
    }
    return `<${tag}>`;
  });
}

/** Enough entity decoding to see what scheme an escaped href really names (`&#x6A;avascript:`). */
function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16) % 0x110000))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec) % 0x110000))
    .replace(/&(amp|quot|lt|gt|apos|colon|tab|newline);/gi, (_, name: string) => ENTITIES[name.toLowerCase()]!);
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  quot: '"',
  lt: '<',
  gt: '>',
  apos: "'",
  colon: ':',
  tab: '\t',
  newline: '\n',
};
