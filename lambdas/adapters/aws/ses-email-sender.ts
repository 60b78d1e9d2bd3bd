import { type SESv2Client, SendBulkEmailCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { BulkEmail, BulkOutcome, EmailMessage, EmailSender } from '../../core/ports';
import { callProvider } from '../provider-errors';

/**
 * Email through SES (v2). The configuration set routes bounces and complaints back to Lifeboat,
 * which suppresses those addresses.
 */
export class SesEmailSender implements EmailSender {
  constructor(
    private readonly ses: SESv2Client,
    private readonly from: string,
    private readonly configurationSetName?: string,
  ) {}

  /** SendBulkEmail: one call for up to 50 recipients, each with their own values and headers. */
  async sendBulk(message: BulkEmail): Promise<BulkOutcome[]> {
    const headers = (record: Record<string, string>) =>
      Object.entries(record).map(([Name, Value]) => ({ Name, Value }));
    const markers = Object.keys(message.recipients[0]?.values ?? {});
    const template = bulkTemplate({ subject: message.subject, text: message.text, html: message.html }, markers);
    const { BulkEmailEntryResults = [] } = await callProvider('SES', () =>
      this.ses.send(
        new SendBulkEmailCommand({
          FromEmailAddress: this.from,
          ConfigurationSetName: this.configurationSetName,
          DefaultContent: {
            Template: {
              TemplateContent: template.content,
              TemplateData: JSON.stringify(template.data),
              Headers: headers(message.headers),
            },
          },
          BulkEmailEntries: message.recipients.map((r) => ({
            Destination: { ToAddresses: [r.to] },
            ReplacementEmailContent: {
              ReplacementTemplate: {
                ReplacementTemplateData: JSON.stringify(
                  Object.fromEntries(markers.map((m, i) => [`v${i}`, r.values[m] ?? ''])),
                ),
              },
            },
            ReplacementHeaders: headers(r.headers),
          })),
        }),
      ),
    );
    return message.recipients.map((_, i) => {
      const result = BulkEmailEntryResults[i];
      return result?.Status === 'SUCCESS'
        ? { ok: true }
        : { ok: false, error: result?.Error ?? result?.Status ?? 'no result' };
    });
  }

  async send(message: EmailMessage): Promise<void> {
    await callProvider('SES', () =>
      this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [message.to] },
          ConfigurationSetName: this.configurationSetName,
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
              Headers: Object.entries(message.headers).map(([Name, Value]) => ({ Name, Value })),
            },
          },
        }),
      ),
    );
  }
}

/**
 * SES renders bulk email as a Handlebars template. Incident text must never be read as one (a
 * `{{`, or a backslash before it, would change or break every email), so none of it goes in the
 * template: the template is only triple-stash variables (`{{{p0}}}{{{v0}}}{{{p1}}}`), the shared
 * text travels as default template data (`p…`), each recipient's values as theirs (`v…`), and SES
 * merges the two per recipient.
 */
export function bulkTemplate(parts: { subject: string; text: string; html: string }, markers: readonly string[]) {
  const data: Record<string, string> = {};
  let next = 0;
  const toTemplate = (text: string): string => {
    if (!text) return '';
    const split = markers.length ? text.split(new RegExp(`(${markers.map(escapeRegExp).join('|')})`)) : [text];
    return split
      .map((piece) => {
        const marker = markers.indexOf(piece);
        if (marker >= 0) return `{{{v${marker}}}}`;
        if (!piece) return '';
        const name = `p${next++}`;
        data[name] = piece;
        return `{{{${name}}}}`;
      })
      .join('');
  };
  return {
    content: { Subject: toTemplate(parts.subject), Text: toTemplate(parts.text), Html: toTemplate(parts.html) },
    data,
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
