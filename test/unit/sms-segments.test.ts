import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config';
import { fillTemplate } from '../../lambdas/core/template';
import { MESSAGES } from '../../lambdas/render/i18n';
import { notificationSms, templateValues } from '../../lambdas/render/notification-messages';
import {
  fitOneSegment,
  fitsOneSegment,
  shortenToFit,
  smsSize,
  withGsm7Lookalikes,
} from '../../lambdas/render/sms-segments';
import { smsCodeText } from '../../lambdas/render/subscriber-messages';
import { seededRandom } from '../support/random';
import { History } from '../support/site-fixtures';

/**
 * GSM 03.38 written out as the standard lists it, by code, independently of the module's sets:
 * the oracle the property test measures every SMS with. \x1b (escape) marks the extension table.
 */
const BASIC_TABLE = [
  '@£$¥èéùìòÇ\nØø\rÅå',
  'Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ',
  ' !"#¤%&\'()*+,-./',
  '0123456789:;<=>?',
  '¡ABCDEFGHIJKLMNO',
  'PQRSTUVWXYZÄÖÑÜ§',
  '¿abcdefghijklmno',
  'pqrstuvwxyzäöñüà',
].join('');
const EXTENSION_TABLE: Record<number, string> = {
  10: '\f',
  20: '^',
  40: '{',
  41: '}',
  47: '\\',
  60: '[',
  61: '~',
  62: ']',
  64: '|',
  101: '€',
};

/** Segments an SMS takes, as a carrier counts them (single segment: 160 septets or 70 UTF-16 units). */
function segments(text: string): number {
  const extension = Object.values(EXTENSION_TABLE);
  let septets = 0;
  for (const c of text) {
    if (c !== '\x1b' && BASIC_TABLE.includes(c)) septets += 1;
    else if (extension.includes(c)) septets += 2;
    else return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('counting SMS segments', () => {
  it("agrees with the standard's table", () => {
    expect(BASIC_TABLE).toHaveLength(128);
    expect(smsSize('Hello @ £5, ÄÖÜ äöü ñ à è é ù ì ò Ç Ø ø Å å Δ _ Φ Γ Λ Ω Π Ψ Σ Θ Ξ Æ æ ß É ¡¿§¤')).toMatchObject({
      encoding: 'gsm7',
      limit: 160,
    });
    expect(smsSize('€[]{}^~|\\')).toEqual({ encoding: 'gsm7', units: 18, limit: 160 });
    expect(smsSize('ê')).toEqual({ encoding: 'ucs2', units: 1, limit: 70 });
    expect(smsSize('ç')).toMatchObject({ encoding: 'ucs2' }); // only the capital Ç is in GSM-7
    expect(smsSize('…')).toMatchObject({ encoding: 'ucs2' });
    expect(smsSize('🔥')).toEqual({ encoding: 'ucs2', units: 2, limit: 70 });
  });

  it('counts extension characters twice against the 160', () => {
    expect(fitsOneSegment('a'.repeat(160))).toBe(true);
    expect(fitsOneSegment(`${'a'.repeat(159)}€`)).toBe(false);
    expect(fitsOneSegment(`${'a'.repeat(158)}€`)).toBe(true);
    expect(fitsOneSegment('é'.repeat(70))).toBe(true);
    expect(fitsOneSegment('ê'.repeat(70))).toBe(true);
    expect(fitsOneSegment('ê'.repeat(71))).toBe(false);
    expect(fitsOneSegment('🔥'.repeat(35))).toBe(true);
    expect(fitsOneSegment(`${'🔥'.repeat(35)}a`)).toBe(false);
  });
});

describe('fitting one segment', () => {
  const tail = ' Reply STOP to opt out';

  it('leaves a message that fits alone', () => {
    expect(fitOneSegment('API down.', tail)).toBe('API down. Reply STOP to opt out');
  });

  it('cuts a long GSM-7 text at a word, marks it with "..." and keeps the tail', () => {
    const sms = fitOneSegment('All requests to the API fail with 503 '.repeat(10), tail);
    expect(sms).toMatch(/^All requests to the API fail .*\w\.\.\. Reply STOP to opt out$/);
    expect(smsSize(sms)).toMatchObject({ encoding: 'gsm7' });
    expect(smsSize(sms).units).toBeLessThanOrEqual(160);
    expect(smsSize(sms).units).toBeGreaterThan(140);
  });

  it('counts extension characters when it cuts', () => {
    const sms = fitOneSegment('€'.repeat(200), tail);
    expect(sms).toBe(`${'€'.repeat(67)}...${tail}`); // 134 + 3 + 22 septets
  });

  it('cuts a UCS-2 text to 70 units, never inside an emoji, marked with "…"', () => {
    const sms = fitOneSegment(`Panne ${'🔥'.repeat(40)}`, tail);
    expect(sms.length).toBeLessThanOrEqual(70);
    expect(sms).not.toMatch(loneSurrogate);
    expect(sms.endsWith(`🔥…${tail}`)).toBe(true);
    const family = '👩‍👩‍👧‍👦';
    expect(fitOneSegment(`x ${family.repeat(10)}`, tail)).toMatch(new RegExp(`^x (${family})*…${tail}$`, 'u'));
  });

  it('prefers GSM-7 up to a character it cannot send, when that keeps more', () => {
    const text = `${'Payments are failing for card holders in Europe. '.repeat(3)}🔥`;
    const sms = fitOneSegment(text, tail);
    expect(smsSize(sms).encoding).toBe('gsm7');
    expect(sms.length).toBeGreaterThan(120);
    // An emoji early on: UCS-2 keeps more.
    expect(fitOneSegment(`🔥 ${text}`, tail)).toMatch(/^🔥 Payments .*…/u);
  });

  it('turns typographic characters into their GSM-7 look-alikes, never letters', () => {
    expect(withGsm7Lookalikes('L’API « lente » – voir…\u00a0: ok')).toBe('L\'API " lente " - voir... : ok');
    expect(withGsm7Lookalikes('fenêtre ç')).toBe('fenêtre ç');
  });

  it('shortens a value so that the rest of a message stays whole', () => {
    const sms = shortenToFit(
      `Café ☕ ${'Cloud '.repeat(30)}`,
      (page) => `${page} status: your code is 123456. Reply STOP to opt out.`,
    );
    expect(sms).toMatch(/^Café .* status: your code is 123456\. Reply STOP to opt out\.$/);
    expect(segments(sms)).toBe(1);
  });
});

const PIECES = [
  ...'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;:!?-()',
  ...'éèêëàâäçÇîïôöùûüœÉÈÊÀ',
  ...'\'"’‘“”«»',
  '\n',
  '\r\n',
  '\t',
  '\u00a0',
  '\u202f',
  ...'€[]{}^~|\\',
  '🔥',
  '👍🏽',
  '🇫🇷',
  '👩‍👩‍👧‍👦',
  '✓',
  'e\u0301',
  '日本',
  '—',
  '–',
  '…',
  'the API ',
  'les paiements ',
  'Database ',
  'degraded ',
  'https://status.acme.example/incidents/x ',
];

function randomText(r: ReturnType<typeof seededRandom>, maxPieces: number): string {
  let text = '';
  const n = r.int(maxPieces);
  for (let i = 0; i < n; i++) text += r.pick(PIECES);
  return text;
}

describe('every notification SMS, whatever the update says', () => {
  const configs = [
    { name: 'Acme Cloud', templates: {} },
    { name: 'Société Générale d’Hébergement', templates: { fr: { sms: '{page} : {status} – {name}. {body}' } } },
    { name: 'Ünïcode ☁ Cloud', templates: { en: { sms: '🚨 {name} ({impact}): {body} {link} {time}' } } },
    {
      name: 'Brace{s} [Cloud] ~ € '.repeat(4).trim(),
      templates: { en: { sms: '{page} {status} {name} {body}' }, fr: { sms: '{body}' } },
    },
  ].map(({ name, templates }) =>
    parseConfig(
      {
        page: { name, url: 'https://status.acme.example', timeZone: 'Europe/Paris' },
        components: [{ id: 'api', name: 'API' }],
        responsePlan: { templates },
      },
      'test',
    ),
  );

  it('fits one segment, keeps the opt-out whole, and keeps a start of the text', () => {
    const seed = 0x5eed18;
    const r = seededRandom(seed);
    const seen = { gsm7: 0, ucs2: 0, truncated: 0 };
    for (let run = 0; run < 1500; run++) {
      const config = r.pick(configs);
      const locale = r.pick(['en', 'fr'] as const);
      const history = new History(config);
      const incident = history.declare(
        '2026-11-21T10:00:00Z',
        randomText(r, 12) || 'x',
        r.pick(['minor', 'major', 'critical'] as const),
        { api: 'major_outage' },
        randomText(r, r.pick([6, 20, 120])),
      );
      const sms = notificationSms(config, locale, incident, incident.updates[0]!);
      const context = `seed ${seed}, run ${run}: ${JSON.stringify(sms)}`;
      const optOut = MESSAGES[locale].notification.smsOptOut;
      expect(segments(sms), context).toBe(1);
      expect(sms.endsWith(optOut), context).toBe(true);
      expect(sms, context).not.toMatch(loneSurrogate);
      // What the SMS says before any cut: the template or the default, on one line.
      const template = config.responsePlan.templates[locale]?.sms;
      const update = incident.updates[0]!;
      const source = template
        ? fillTemplate(template, templateValues(config, locale, incident, update))
        : `${config.page.name}: ${MESSAGES[locale].incidentStatus[update.status]} - ${incident.name}. ${update.body}`;
      const full = withGsm7Lookalikes(source).replace(/\s+/g, ' ').trim();
      seen[smsSize(sms).encoding]++;
      if (sms !== full + optOut) {
        seen.truncated++;
        const marker = smsSize(sms).encoding === 'gsm7' ? '...' : '…';
        const head = sms.slice(0, -optOut.length);
        expect(head.endsWith(marker), context).toBe(true);
        expect(
          full.startsWith(head.slice(0, -marker.length)),
          `${context}: not a start of ${JSON.stringify(full)}`,
        ).toBe(true);
        expect(sms.length, `${context}: wasted the segment`).toBeGreaterThanOrEqual(40);
      }
    }
    // The generator really explores both encodings, cut and uncut.
    expect(Math.min(seen.gsm7, seen.ucs2, seen.truncated, 1500 - seen.truncated)).toBeGreaterThan(100);
  });

  it('fits the verification code SMS too, whatever the page is called', () => {
    const r = seededRandom(0xc0de);
    for (let run = 0; run < 300; run++) {
      const name = (randomText(r, 40) || 'x').slice(0, 100).trim() || 'x';
      const config = parseConfig(
        {
          page: { name, url: 'https://status.acme.example', timeZone: 'UTC' },
          components: [{ id: 'api', name: 'API' }],
        },
        'test',
      );
      for (const locale of ['en', 'fr'] as const) {
        const sms = smsCodeText(config, locale, '482913');
        expect(segments(sms), `run ${run}: ${JSON.stringify(sms)}`).toBe(1);
        expect(sms).toContain('482913');
        expect(sms).toContain('STOP');
        expect(sms).not.toMatch(loneSurrogate);
      }
    }
  });
});
