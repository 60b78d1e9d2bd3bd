import { SendBulkEmailCommand, SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { BulkEmail, BulkOutcome, EmailMessage, EmailSender } from '../../core/ports';

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
    const headers = (record: Record<string, string>) => Object.entries(record).map(([Name, Value]) => ({ Name, Value }));
    const { BulkEmailEntryResults = [] } = await this.ses.send(
      new SendBulkEmailCommand({
        FromEmailAddress: this.from,
        ConfigurationSetName: this.configurationSetName,
        DefaultContent: {
          Template: {
            TemplateContent: { Subject: message.subject, Text: message.text, Html: message.html },
            TemplateData: '{}',
            Headers: headers(message.headers),
          },
        },
        BulkEmailEntries: message.recipients.map((r) => ({
          Destination: { ToAddresses: [r.to] },
          ReplacementEmailContent: { ReplacementTemplate: { ReplacementTemplateData: JSON.stringify(r.values) } },
          ReplacementHeaders: headers(r.headers),
        })),
      }),
    );
    return message.recipients.map((_, i) => {
      const result = BulkEmailEntryResults[i];
      return result?.Status === 'SUCCESS' ? { ok: true } : { ok: false, error: result?.Error ?? result?.Status ?? 'no result' };
    });
  }

  async send(message: EmailMessage): Promise<void> {
    await this.ses.send(
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
    );
  }
}
