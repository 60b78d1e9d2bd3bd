/**
 * Runs in the core's region every minute: reads what every probe region reported for the last
 * runs and sets component status through the component service (audited, actor `probe`). Once an
 * hour it asks for the page to be published, so the response-time charts stay current without an
 * upload and an invalidation every minute.
 */

import { systemClock } from '../core/ports';
import { HOUR_MS, MINUTE_MS, minuteOf } from '../core/probes/probe-samples';
import { PROBE_ACTOR, ProbeStatusService } from '../core/probes/probe-status';
import * as z from '../core/schema';
import { composeOnAws } from './aws-composition';
import { CoreEnvironment, readEnvironment } from './environment';

const { config, stores, services, events, logger } = composeOnAws(readEnvironment(CoreEnvironment));
const status = new ProbeStatusService({
  config,
  results: stores.probeResults,
  componentRecords: stores.components,
  signals: services.signals,
  clock: systemClock,
  logger,
});

const Input = z.looseObject({ scheduledTime: z.optional(z.iso.datetime({ offset: true })) });

export const handler = async (input: unknown): Promise<{ changes: number }> => {
  const { scheduledTime } = Input.parse(input ?? {});
  const now = minuteOf(scheduledTime ? new Date(scheduledTime) : new Date());
  // The previous minute's run: every region has had most of a minute to report it.
  const changes = await status.evaluate({ through: now - MINUTE_MS });
  if (now % HOUR_MS === 0) {
    await events.publish([
      {
        type: 'site.publish_requested',
        id: `probes.${new Date(now).toISOString()}`,
        occurredAt: new Date(now).toISOString(),
        actor: PROBE_ACTOR,
        reason: 'probe charts',
      },
    ]);
  }
  return { changes: changes.length };
};
