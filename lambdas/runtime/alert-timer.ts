/**
 * Invoked by an alert timer's one-time EventBridge schedule: a hold time is over (the page shows
 * the alert if it still fires) or a planned declaration is due (unless on-call cancelled it).
 * A failure throws, so Scheduler retries and then dead-letters.
 */
import type { Context } from 'aws-lambda';
import type { AlertService } from '../alerts/alert-service';
import * as z from '../core/schema';
import { AlertTimerEnvironment, composeAlertsOnAws } from './alert-composition';
import { composeOnAws } from './aws-composition';
import { CoreEnvironment, readEnvironment } from './environment';

const env = readEnvironment(z.extend(CoreEnvironment, AlertTimerEnvironment.shape));
const core = composeOnAws(env);
const Input = z.object({ timer: z.string().check(z.regex(/^(hold|declare)-[a-z0-9]{12}$/)) });
let alerts: AlertService | undefined;

export const handler = async (input: unknown, context: Context): Promise<void> => {
  // The function sets timers that invoke itself: its unqualified ARN comes from the context.
  alerts ??= composeAlertsOnAws(env, core, context.invokedFunctionArn.split(':').slice(0, 7).join(':'));
  await alerts.onTimer(Input.parse(input).timer);
};
