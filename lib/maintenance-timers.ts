import type { Construct } from 'constructs';
import { OneShotTimers, type OneShotTimersProps } from './one-shot-timers';

/** Timers for scheduled maintenance: a window's start and end, and each reminder before it. */
export class MaintenanceTimers extends OneShotTimers {
  constructor(scope: Construct, id: string, props: OneShotTimersProps) {
    super(scope, id, props, {
      name: 'maintenance',
      environmentPrefix: 'MAINTENANCE',
      entry: 'maintenance-timer',
      does: 'a maintenance window starts or ends, or its reminder is due',
      schedules: 'A few schedules per maintenance (start, end, reminders), named after it',
    });
  }
}
