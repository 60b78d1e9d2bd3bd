import { Marked, type Tokens } from 'marked';
import type { PostmortemRenderer } from '../core/ports';
import { escapeHtml, SafeHtml } from './html';

/**
 * A postmortem's Markdown as HTML a status page can show. Two walls: marked is set up so that raw
 * HTML the author typed is text (never parsed as markup) and only allowed elements are made, and
 * its output then passes a strict allowlist that rebuilds every tag, so a token or attribute
 * nobody thought of still never reaches the page.
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

/** Where marked would make markup a postmortem does not allow: no match, so the text stays text. */
const notMarkup = () => undefined;

function markdownRenderer(): Marked {
  return new Marked({
    gfm: true,
    breaks: false,
    // Raw HTML (blocks and inline tags), strikethrough and hard line breaks are never recognised:
    // what the author typed reads as text, as CommonMark does with raw HTML off.
    tokenizer: { html: notMarkup, tag: notMarkup, del: notMarkup, br: notMarkup },
    renderer: {
      // A second guard: were an HTML token ever made, it is shown as text.
      html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
      // The page has its one h1 and the postmortem's own h2: the document's headings go below it.
      heading({ tokens, depth }: Tokens.Heading) {
        const level = Math.min(4, depth + 2);
        return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
      },
      // A fence's language would be a class: not kept.
      code: ({ text }: Tokens.Code) =>
        `<pre><code>${escapeHtml(text ? `${text.replace(/\n$/, '')}\n` : '')}</code></pre>\n`,
      // Table alignment would be an attribute: not kept.
      tablecell({ tokens, header }: Tokens.TableCell) {
        const tag = header ? 'th' : 'td';
        return `<${tag}>${this.parser.parseInline(tokens)}</${tag}>\n`;
      },
      // A link that does not lead to the web or email stays the text that was written.
      link({ href, text, tokens, raw, autolink }: Tokens.Link) {
        // marked leaves entities in a destination as typed; they are read as CommonMark reads them.
        const target = decodeEntities(href);
        const url = encodedUrl(target);
        if (url === null || !isSafeLink(target)) return escapeHtml(raw);
        const label = autolink ? escapeHtml(text) : this.parser.parseInline(tokens);
        return `<a href="${escapeHtml(url)}">${label}</a>`;
      },
      // No images (a data: URI or a tracking pixel): their description, as text.
      image: ({ text }: Tokens.Image) => escapeHtml(text),
      // A task list's box stays as typed rather than a form control.
      checkbox: ({ raw }: Tokens.Checkbox) => escapeHtml(raw),
    },
  });
}

/** The URL as marked writes it (percent-encoded); null when it cannot be encoded. */
function encodedUrl(href: string): string | null {
  try {
    return encodeURI(href).replace(/%25/g, '%');
  } catch {
    return null;
  }
}

let renderer: Marked | undefined;

/** The postmortem's HTML: only allowlisted elements, links to http(s) and mailto with rel="nofollow noopener". */
export function postmortemHtml(markdown: string): SafeHtml {
  renderer ??= markdownRenderer();
  return new SafeHtml(allowlisted(renderer.parse(markdown, { async: false })));
}

/** The core's renderer port: postmortems are rendered once, when a revision is written. */
export const renderPostmortem: PostmortemRenderer = (markdown) => postmortemHtml(markdown).value;

/**
 * Every tag rebuilt from the allowlist: its attributes dropped but a link's checked href (and an
 * ordered list's start). marked escapes `<` in text, code and attributes, so every `<` in its output opens a tag.
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
