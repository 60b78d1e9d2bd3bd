/**
 * Invoked by a maintenance timer's one-time EventBridge schedule: a window starts or ends, or a
 * reminder is due. A failure throws, so Scheduler retries and then dead-letters; a late or
 * repeated timer finds nothing left to do.
 */
import type { Context } from 'aws-lambda';
import type { MaintenanceService } from '../core/maintenance-service';
import * as z from '../core/schema';
import { composeOnAws } from './aws-composition';
import { CoreEnvironment, readEnvironment } from './environment';
import { composeMaintenancesOnAws, MaintenanceTimerEnvironment } from './maintenance-composition';

const env = readEnvironment(z.extend(CoreEnvironment, MaintenanceTimerEnvironment.shape));
const core = composeOnAws(env);
const Input = z.object({ timer: z.string().check(z.regex(/^maintenance-[a-z0-9]{12}-(start|end|remind-\d{1,6})$/)) });
let maintenances: MaintenanceService | undefined;

export const handler = async (input: unknown, context: Context): Promise<void> => {
  // The function sets timers that invoke itself: its unqualified ARN comes from the context.
  maintenances ??= composeMaintenancesOnAws(env, core, context.invokedFunctionArn.split(':').slice(0, 7).join(':'));
  await maintenances.onTimer(Input.parse(input).timer);
};
