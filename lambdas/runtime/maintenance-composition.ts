import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { EventBridgeOneShotTimers } from '../adapters/aws/eventbridge-one-shot-timers';
import { composeCore } from '../composition/core';
import type { MaintenanceService } from '../core/maintenance-service';
import { systemClock } from '../core/ports';
import * as z from '../core/schema';
import type { composeOnAws } from './aws-composition';

/** Where maintenance timers go: given to the functions that set them (maintenance routes, the timer itself). */
export const MaintenanceTimerEnvironment = z.object({
  MAINTENANCE_SCHEDULE_GROUP: z.string().check(z.minLength(1)),
  MAINTENANCE_TIMER_FUNCTION_ARN: z.optional(z.string().check(z.minLength(1))),
  MAINTENANCE_SCHEDULER_ROLE_ARN: z.string().check(z.minLength(1)),
  MAINTENANCE_TIMER_DEAD_LETTER_ARN: z.string().check(z.minLength(1)),
});

/**
 * The maintenance service on AWS: the table's maintenances, EventBridge Scheduler's one-time
 * schedules (`at(...)`, deleted once run) as its timers, which invoke the maintenance timer function.
 */
export function composeMaintenancesOnAws(
  env: z.output<typeof MaintenanceTimerEnvironment>,
  core: ReturnType<typeof composeOnAws>,
  /** The timer function's ARN when the environment cannot say it (the timer function itself). */
  timerFunctionArn = env.MAINTENANCE_TIMER_FUNCTION_ARN,
): MaintenanceService {
  if (!timerFunctionArn) throw new Error('No maintenance timer function to set timers for');
  const timers = new EventBridgeOneShotTimers(new SchedulerClient({}), {
    groupName: env.MAINTENANCE_SCHEDULE_GROUP,
    invoke: {
      functionArn: timerFunctionArn,
      roleArn: env.MAINTENANCE_SCHEDULER_ROLE_ARN,
      deadLetterArn: env.MAINTENANCE_TIMER_DEAD_LETTER_ARN,
    },
  });
  return composeCore({
    config: core.config,
    stores: core.stores,
    events: core.events,
    clock: systemClock,
    maintenanceTimers: timers,
  }).maintenances;
}
