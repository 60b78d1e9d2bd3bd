import type { Actor } from '../core/actor';
import type { LifeboatConfig } from '../core/config';
import { LifeboatError, ValidationError } from '../core/errors';
import type { Clock, SmsSender, SubscriberStore } from '../core/ports';
import { type ConsentRecord, subscriberId } from '../core/subscriber';
import { ImportRow } from '../core/subscriber-commands';
import { type ImportStep, importInto } from '../core/subscription-lifecycle';
import { formatZodIssues } from '../core/validation';
import { CONFIRM_WINDOW_MS, type OptIn } from './opt-in';
import type { PersonalDataAudit } from './personal-data-audit';
import type { SignUpRules } from './sign-up-rules';
import { decideAndWrite } from './subscriber-writes';

export interface ImportReport {
  created: number;
  updated: number;
  /** Rows left alone on purpose: an unsubscribe, a complaint, a bounce or a STOP is final. */
  skipped: { line: number; reason: string }[];
  errors: { line: number; field: string; message: string }[];
}

export interface ImportDeps {
  config: LifeboatConfig;
  store: SubscriberStore;
  sms: SmsSender;
  clock: Clock;
  rules: SignUpRules;
  optIn: OptIn;
  audit: PersonalDataAudit;
}

type RowOutcome = 'created' | 'updated' | { skipped: string };

/**
 * Imports subscribers (from Statuspage, through the CLI); each bad row is reported by its line and
 * the others are imported. People who unsubscribed, complained, bounced or replied STOP are never
 * brought back: their rows are skipped, with the reason.
 */
export class SubscriberImport {
  constructor(private readonly deps: ImportDeps) {}

  async import(rows: readonly unknown[], actor: Actor): Promise<ImportReport> {
    const report: ImportReport = { created: 0, updated: 0, skipped: [], errors: [] };
    for (const [index, raw] of rows.entries()) {
      const parsed = ImportRow.safeParse(raw);
      if (!parsed.success) {
        const given = (raw as { line?: unknown } | null)?.line;
        const line = typeof given === 'number' && Number.isSafeInteger(given) ? given : index + 1;
        for (const p of formatZodIssues(parsed.error.issues))
          report.errors.push({ line, field: p.field === '(body)' ? '(row)' : p.field, message: p.message });
        continue;
      }
      const row = parsed.data;
      try {
        const outcome = await this.row(row, actor);
        if (outcome === 'created') report.created++;
        else if (outcome === 'updated') report.updated++;
        else report.skipped.push({ line: row.line, reason: outcome.skipped });
      } catch (error) {
        if (!(error instanceof LifeboatError)) throw error;
        const problems = error.errors.length ? error.errors : [{ field: 'address', message: error.message }];
        for (const p of problems)
          report.errors.push({
            line: row.line,
            field: p.field.replace(/^address\.?/, '') || 'address',
            message: p.message,
          });
      }
    }
    report.errors.sort((a, b) => a.line - b.line);
    await this.deps.audit.record(
      actor,
      'subscribers.import',
      'subscribers',
      `${rows.length} row(s): ${report.created} created, ${report.updated} updated, ${report.skipped.length} skipped, ${new Set(report.errors.map((e) => e.line)).size} refused`,
    );
    return report;
  }

  private async row(row: ImportRow, actor: Actor): Promise<RowOutcome> {
    const { rules } = this.deps;
    const address = await rules.address(row.channel, row.address, 'address', row.country);
    if (row.channel === 'sms' && !row.confirmed) {
      throw new ValidationError('An SMS subscriber can only be imported as confirmed', {
        errors: [
          {
            field: 'confirmed',
            message:
              'SMS opt-in must already be confirmed; text messages cannot ask for it (if these numbers confirmed in Statuspage, import with --sms-confirmed-in-statuspage)',
          },
        ],
      });
    }
    if (row.channel === 'sms') await rules.smsCountry(address, 'address');
    if (row.channel === 'webhook') await rules.assertPublicWebhook(address, 'address');
    const components = rules.components(row.components ?? undefined, 'components');
    const id = subscriberId(row.channel, address);
    if (row.channel === 'sms' && (await this.deps.sms.isOptedOut(address)))
      return { skipped: 'the number replied STOP to our text messages' };
    const evidence: ConsentRecord = {
      at: this.now(),
      method: 'import',
      ip: null,
      userAgent: null,
      text: `Imported by ${actor.name} (${actor.channel})${row.confirmed ? ' as confirmed' : ''}`,
    };
    const fields = { id, channel: row.channel, address, components, locale: this.deps.config.page.locale };
    const step: ImportStep = await decideAndWrite(this.deps.store, id, (existing) =>
      importInto(existing, { fields, confirmed: row.confirmed }, evidence, this.now(), CONFIRM_WINDOW_MS),
    );
    if (step.outcome === 'created' && step.subscriber.state === 'pending' && row.channel === 'email') {
      await this.deps.optIn.sendEmailLink(step.subscriber);
    }
    return step.outcome === 'skipped' ? { skipped: step.reason } : step.outcome;
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}
