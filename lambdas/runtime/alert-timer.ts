/**
 * Invoked by an alert timer's one-time EventBridge schedule: a hold time is over (the page shows
 * the alert if it still fires) or a planned declaration is due (unless on-call cancelled it).
 * A failure throws, so Scheduler retries and then dead-letters.
 */
import { z } from 'zod';
import { composeOnAws } from './aws-composition';
import { composeAlertsOnAws, AlertTimerEnvironment } from './alert-composition';
import { CoreEnvironment, readEnvironment } from './environment';

const env = readEnvironment(CoreEnvironment.extend(AlertTimerEnvironment.shape));
const alerts = composeAlertsOnAws(env, composeOnAws(env));
const Input = z.object({ timer: z.string().regex(/^(hold|declare)-[a-z0-9]{12}$/) });

export const handler = async (input: unknown): Promise<void> => {
  await alerts.onTimer(Input.parse(input).timer);
};
