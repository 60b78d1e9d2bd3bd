import type { CountryCode } from 'libphonenumber-js/max';
import * as z from './schema';

/** An email address, normalised: trimmed and lowercased (as SES and the big providers treat them). */
export const EmailAddress = z.pipe(
  z.string().check(z.trim(), z.toLowerCase()),
  z.email('not a valid email address').check(z.maxLength(254)),
);

/**
 * libphonenumber with its full metadata (what tells a mobile number from a landline) is 200 KB:
 * it loads on the first phone number read, not in the cold start of every subscriber route.
 */
const phoneLibrary = () => import('libphonenumber-js/max');

/**
 * A phone number, validated for its country and stored as E.164 (+33612345678). Asynchronous (the
 * library loads on first use): read it with `parseInputAsync`.
 */
export function phoneNumber(defaultCountry?: string) {
  return z.pipe(
    z.string().check(z.trim(), z.minLength(1), z.maxLength(32)),
    z.transform(async (value: string, ctx) => {
      const { parsePhoneNumberFromString } = await phoneLibrary();
      const invalid = (message: string) => {
        ctx.issues.push({ code: 'custom', message, input: value });
        return z.NEVER;
      };
      // An unknown country simply fails validation below, with the message that asks for +country code.
      const parsed = parsePhoneNumberFromString(value, defaultCountry?.toUpperCase() as CountryCode | undefined);
      if (!parsed?.isValid())
        return invalid('not a valid phone number; include the country code, e.g. +1 415 555 0100');
      if (parsed.getType() && !['MOBILE', 'FIXED_LINE_OR_MOBILE'].includes(parsed.getType()!))
        return invalid('must be a mobile number that can receive text messages');
      return parsed.number;
    }),
  );
}

/** The country of an E.164 number (undefined for satellite and international networks) and its calling code. */
export async function phoneCountry(e164: string): Promise<{ country: string | undefined; callingCode: string }> {
  const { parsePhoneNumberFromString } = await phoneLibrary();
  const parsed = parsePhoneNumberFromString(e164);
  return { country: parsed?.country, callingCode: parsed?.countryCallingCode ?? e164.replace(/^\+/, '').slice(0, 3) };
}

/** Webhooks are delivered over TLS only. */
export const WebhookUrl = z.url({ protocol: /^https$/, message: 'must be an https:// URL' }).check(z.maxLength(2000));

/** One component from a form's single field, or a list. */
const ComponentIds = z.pipe(
  z.transform((value: unknown) => (typeof value === 'string' ? [value] : value)),
  z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(100)),
);

/** A sign-up: through the API exactly one address; from the page's form an email, a phone or both. */
export const SubscribeCommand = z
  .pipe(
    z.strictObject(
      {
        email: z.optional(z.string()),
        phone: z.optional(z.string()),
        webhook: z.optional(z.string()),
        components: z.optional(ComponentIds),
        locale: z.optional(z.enum(['en', 'fr'])),
      },
      {
        error: (issue) =>
          issue.code === 'unrecognized_keys'
            ? `unknown field ${issue.keys.map((k) => `"${k.slice(0, 64)}"`).join(', ')}: a sign-up takes email, phone (SMS) or webhook, and optionally components and locale`
            : undefined,
      },
    ),
    z.transform((value) => ({
      ...value,
      // Empty form fields mean "not given".
      email: value.email?.trim() || undefined,
      phone: value.phone?.trim() || undefined,
      webhook: value.webhook?.trim() || undefined,
    })),
  )
  .check(
    z.superRefine((value, ctx) => {
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
    }),
  );
export type SubscribeCommand = z.output<typeof SubscribeCommand>;

/** One subscriber of an import, as the CLI sends it after reading a CSV file. */
export const ImportRow = z.strictObject({
  line: z.int().check(z.positive()),
  channel: z.enum(['email', 'sms', 'webhook']),
  address: z.string().check(z.minLength(1), z.maxLength(2000)),
  /** Two-letter country of a phone number written without its country code (Statuspage's files). */
  country: z.optional(z.string().check(z.length(2))),
  components: z._default(z.nullable(z.array(z.string())), null),
  confirmed: z._default(z.boolean(), false),
});
export type ImportRow = z.output<typeof ImportRow>;
