import type { LifeboatConfig } from '../core/config';
import type { Incident } from '../core/incident';
import type { Clock, EmailSender, Logger, SmsSender } from '../core/ports';
import { fitOneSegment } from '../render/sms-segments';
import type { DeliveryLedger } from './ports';

/**
 * Reminds on-call when an open incident has said nothing for `reminder.afterMinutes`: customers
 * are waiting for news. Once per quiet period: the next reminder needs a new update first.
 */
export class OnCallReminder {
  constructor(
    private readonly deps: {
      config: LifeboatConfig;
      email: EmailSender;
      sms: SmsSender;
      ledger: DeliveryLedger;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  async onTick(incident: Incident): Promise<void> {
    const { config, clock, ledger } = this.deps;
    const { afterMinutes, emails, phoneNumbers } = config.responsePlan.reminder;
    if (emails.length + phoneNumbers.length === 0) return;
    const quietMinutes = (clock.now().getTime() - Date.parse(incident.updatedAt)) / 60_000;
    if (quietMinutes < afterMinutes) return;
    const key = `${incident.updates.at(-1)!.id}:reminder`;
    if (!(await ledger.claim(key, 300))) return;
    const minutes = Math.floor(quietMinutes);
    const link = `${config.page.url}/incidents/${incident.id}/`;
    const text = `Lifeboat: "${incident.name}" (${incident.impact}) has had no update for ${minutes} min. Customers are waiting: post an update. ${link}`;
    try {
      await Promise.all([
        ...emails.map((to) =>
          this.deps.email.send({
            to,
            subject: `[${config.page.name}] No update for ${minutes} min: ${incident.name}`,
            text,
            html: `<p>${text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`,
            headers: {},
          }),
        ),
        ...phoneNumbers.map((to) =>
          this.deps.sms.send({ to, body: fitOneSegment(text.slice(0, -link.length - 1), ` ${link}`) }),
        ),
      ]);
      await ledger.markSent(key);
    } catch (error) {
      await ledger.markFailed(key, (error as Error).message);
      this.deps.logger.error('The on-call reminder could not be sent', {
        error: error as Error,
        incidentId: incident.id,
      });
    }
  }
}
