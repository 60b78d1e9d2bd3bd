/**
 * How much an SMS costs in segments, and how to make any text fit one (3GPP TS 23.038).
 *
 * A text made only of GSM-7 characters is sent 7 bits a character: 160 to a segment, the
 * characters of the extension table (€ [ ] { } ^ ~ | \ and form feed) taking two. One character
 * outside GSM-7 turns the whole message into UCS-2: 70 UTF-16 code units to a segment, an emoji
 * taking two. A longer message is split into several segments, each billed.
 */

const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

export const GSM7_SEGMENT = 160;
export const UCS2_SEGMENT = 70;

export type SmsEncoding = 'gsm7' | 'ucs2';

export const isGsm7 = (text: string): boolean => [...text].every((c) => GSM7_BASIC.has(c) || GSM7_EXTENSION.has(c));

/** Septets a GSM-7 text takes (extension characters take two); only meaningful when isGsm7(text). */
export const gsm7Length = (text: string): number => [...text].reduce((n, c) => n + (GSM7_EXTENSION.has(c) ? 2 : 1), 0);

/** The encoding a text is sent in, how many units it takes, and how many one segment holds. */
export function smsSize(text: string): { encoding: SmsEncoding; units: number; limit: number } {
  return isGsm7(text)
    ? { encoding: 'gsm7', units: gsm7Length(text), limit: GSM7_SEGMENT }
    : { encoding: 'ucs2', units: text.length, limit: UCS2_SEGMENT };
}

export const fitsOneSegment = (text: string): boolean => {
  const { units, limit } = smsSize(text);
  return units <= limit;
};

/**
 * Typographic characters that have a GSM-7 look-alike. Left as they are, one curly apostrophe or
 * a French non-breaking space makes the whole SMS UCS-2 and cuts it from 160 characters to 70.
 * Letters are never changed: "ê" stays "ê", whatever it costs.
 */
const LOOKALIKES: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2033': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u00A0': ' ',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u202F': ' ',
  '\t': ' ',
};
const LOOKALIKE_PATTERN = new RegExp(`[${Object.keys(LOOKALIKES).join('')}]`, 'g');

export const withGsm7Lookalikes = (text: string): string => text.replace(LOOKALIKE_PATTERN, (c) => LOOKALIKES[c]!);

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * The longest start of `text` whose size stays within `budget`, cut between user-perceived
 * characters (never inside a surrogate pair, an accent's combining mark or an emoji sequence),
 * and back to the last word boundary when that loses little. A character of infinite size stops it.
 */
function cut(text: string, budget: number, size: (character: string) => number): string {
  let head = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const cost = size(segment);
    if (used + cost > budget) break;
    head += segment;
    used += cost;
  }
  if (head.length === text.length) return head;
  const space = head.search(/\s\S*$/);
  return (space >= head.length * 0.75 ? head.slice(0, space) : head).trimEnd();
}

/**
 * `text` followed by `tail` in one SMS segment. When the two do not fit, `text` is shortened and
 * marked "..." in GSM-7, or "…" in UCS-2 (where it costs one unit); the tail, such as the opt-out
 * instruction, is always kept whole. A tail too long to keep is treated as part of the text.
 */
export function fitOneSegment(text: string, tail = ''): string {
  const whole = text + tail;
  if (fitsOneSegment(whole)) return whole;
  const ucs2Budget = UCS2_SEGMENT - tail.length - 1;
  if (ucs2Budget < 0) return fitOneSegment(whole);
  const ucs2Head = cut(text, ucs2Budget, (c) => c.length);
  // GSM-7 holds more than twice as much, up to the first character it cannot send: it wins
  // whenever it keeps at least as much of the text.
  const gsm7Budget = GSM7_SEGMENT - gsm7Length(tail) - 3;
  if (isGsm7(tail) && gsm7Budget >= 0) {
    const gsm7Head = cut(text, gsm7Budget, (c) => (isGsm7(c) ? gsm7Length(c) : Infinity));
    if (gsm7Head.length >= ucs2Head.length) return `${gsm7Head}...${tail}`;
  }
  return `${ucs2Head}…${tail}`;
}

/**
 * The longest start of `value` (whole characters) for which `build(start)` fits one segment: for
 * a message whose fixed parts must stay whole, such as a verification code and its opt-out.
 */
export function shortenToFit(value: string, build: (value: string) => string): string {
  const characters = [...graphemes.segment(value)].map((g) => g.segment);
  for (let n = characters.length; n > 0; n--) {
    const message = build(characters.slice(0, n).join('').trimEnd());
    if (fitsOneSegment(message)) return message;
  }
  return fitOneSegment(build(''));
}
