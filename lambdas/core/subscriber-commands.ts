import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';

/** An email address, normalised: trimmed and lowercased (as SES and the big providers treat them). */
export const EmailAddress = z.string().trim().toLowerCase().pipe(z.email('not a valid email address').max(254));

/** A phone number, validated for its country and stored as E.164 (+33612345678). */
export function phoneNumber(defaultCountry?: string) {
  return z
    .string()
    .trim()
    .min(1)
    .max(32)
    .transform((value, ctx) => {
      // An unknown country simply fails validation below, with the message that asks for +country code.
      const parsed = parsePhoneNumberFromString(value, defaultCountry?.toUpperCase() as CountryCode | undefined);
      if (!parsed?.isValid()) {
        ctx.addIssue({
          code: 'custom',
          message: 'not a valid phone number; include the country code, e.g. +1 415 555 0100',
        });
        return z.NEVER;
      }
      if (parsed.getType() && !['MOBILE', 'FIXED_LINE_OR_MOBILE'].includes(parsed.getType()!)) {
        ctx.addIssue({ code: 'custom', message: 'must be a mobile number that can receive text messages' });
        return z.NEVER;
      }
      return parsed.number;
    });
}

/** The country of an E.164 number (undefined for satellite and international networks) and its calling code. */
export function phoneCountry(e164: string): { country: string | undefined; callingCode: string } {
  const parsed = parsePhoneNumberFromString(e164);
  return { country: parsed?.country, callingCode: parsed?.countryCallingCode ?? e164.replace(/^\+/, '').slice(0, 3) };
}

/** Webhooks are delivered over TLS only. */
export const WebhookUrl = z.url({ protocol: /^https$/, message: 'must be an https:// URL' }).max(2000);

const ComponentIds = z.preprocess(
  (value) => (typeof value === 'string' ? [value] : value),
  z.array(z.string().min(1).max(64)).max(100),
);

/** A sign-up: through the API exactly one address; from the page's form an email, a phone or both. */
export const SubscribeCommand = z
  .strictObject(
    {
      email: z.string().optional(),
      phone: z.string().optional(),
      webhook: z.string().optional(),
      components: ComponentIds.optional(),
      locale: z.enum(['en', 'fr']).optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown field ${issue.keys.map((k) => `"${k.slice(0, 64)}"`).join(', ')}: a sign-up takes email, phone (SMS) or webhook, and optionally components and locale`
          : undefined,
    },
  )
  .transform((value) => ({
    ...value,
    // Empty form fields mean "not given".
    email: value.email?.trim() || undefined,
    phone: value.phone?.trim() || undefined,
    webhook: value.webhook?.trim() || undefined,
  }))
  .superRefine((value, ctx) => {
    if (value.email || value.phone || value.webhook) return;
    // Each field is named, so a client that sent none (or misspelt one) learns all three.
    for (const [field, what] of [
      ['email', 'an email address'],
      ['phone', 'a mobile number for SMS, with its country code (+14155550100)'],
      ['webhook', 'an https:// URL to receive signed POSTs'],
    ] as const) {
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `give one of email, phone or webhook: ${field} takes ${what}`,
      });
    }
  });
export type SubscribeCommand = z.output<typeof SubscribeCommand>;

/** One subscriber of an import, as the CLI sends it after reading a CSV file. */
export const ImportRow = z.strictObject({
  line: z.number().int().positive(),
  channel: z.enum(['email', 'sms', 'webhook']),
  address: z.string().min(1).max(2000),
  /** Two-letter country of a phone number written without its country code (Statuspage's files). */
  country: z.string().length(2).optional(),
  components: z.array(z.string()).nullable().default(null),
  confirmed: z.boolean().default(false),
});
export type ImportRow = z.output<typeof ImportRow>;
