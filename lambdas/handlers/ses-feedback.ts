import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import * as z from '../core/schema';
import type { Suppress } from '../subscriptions/suppression';

/**
 * What SES publishes about a delivery: configuration-set events carry `eventType`, identity
 * notifications `notificationType`. Only what decides suppression is read.
 */
const SesFeedback = z.object({
  eventType: z.optional(z.string()),
  notificationType: z.optional(z.string()),
  bounce: z.optional(
    z.object({
      bounceType: z.string(),
      bouncedRecipients: z.array(z.object({ emailAddress: z.string() })),
    }),
  ),
  complaint: z.optional(z.object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })) })),
});

/** Strips a display name: `"Ada" <ada@example.com>` → ada@example.com. */
const bareAddress = (address: string) => (/<([^>]+)>/.exec(address)?.[1] ?? address).trim().toLowerCase();

/**
 * Suppresses addresses that bounced for good or complained, so Lifeboat never mails them again
 * and the account stays far from SES's review thresholds (5% bounces, 0.1% complaints).
 * Transient bounces (a full mailbox) are left alone.
 */
export function makeSesFeedbackHandler(deps: { suppress: Suppress; logger: Logger }) {
  return middy<SNSEvent, void>()
    .use(injectLambdaContext(deps.logger))
    .handler(async (event) => {
      for (const record of event.Records) {
        let message: unknown;
        try {
          message = JSON.parse(record.Sns.Message);
        } catch {
          deps.logger.warn('Ignoring a feedback message that is not JSON', { messageId: record.Sns.MessageId });
          continue;
        }
        const parsed = SesFeedback.safeParse(message);
        if (!parsed.success) {
          deps.logger.warn('Ignoring a feedback message of an unknown shape', { messageId: record.Sns.MessageId });
          continue;
        }
        const feedback = parsed.data;
        const kind = feedback.eventType ?? feedback.notificationType;
        const suppressions: { address: string; reason: 'bounce' | 'complaint' }[] = [];
        if (kind === 'Bounce' && feedback.bounce?.bounceType === 'Permanent') {
          suppressions.push(
            ...feedback.bounce.bouncedRecipients.map((r) => ({
              address: bareAddress(r.emailAddress),
              reason: 'bounce' as const,
            })),
          );
        }
        if (kind === 'Complaint' && feedback.complaint) {
          suppressions.push(
            ...feedback.complaint.complainedRecipients.map((r) => ({
              address: bareAddress(r.emailAddress),
              reason: 'complaint' as const,
            })),
          );
        }
        for (const { address, reason } of suppressions) {
          const changed = await deps.suppress('email', address, reason);
          deps.logger.info('Address suppressed', { reason, changed });
        }
      }
    });
}
