import {
  ActionAfterCompletion,
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import type { OneShotTimers } from '../../core/ports';
import type { SchedulerTarget } from './eventbridge-scheduler';

/**
 * One EventBridge one-time schedule (`at(...)`) per timer (an alert's hold time, a maintenance
 * window's start, end or reminder), deleted by Scheduler once it has run. The target (the alert or
 * the maintenance timer function) gets `{"timer": name}`; EventBridge retries it and dead-letters
 * what keeps failing. Scheduler's precision is a minute at worst, which is what both are measured in.
 */
export class EventBridgeOneShotTimers implements OneShotTimers {
  constructor(
    private readonly scheduler: SchedulerClient,
    private readonly target: SchedulerTarget,
  ) {}

  async set(name: string, at: Date): Promise<void> {
    const invoke = this.target.invoke;
    if (!invoke)
      throw new Error(`This function cannot set timers in ${this.target.groupName}: it has no schedule target`);
    // Never in the past: a timer due now runs a second from now.
    const due = Math.max(at.getTime(), Date.now() + 1000);
    const schedule = {
      Name: name,
      GroupName: this.target.groupName,
      // at() takes whole seconds in UTC, without a zone suffix.
      ScheduleExpression: `at(${new Date(Math.ceil(due / 1000) * 1000).toISOString().slice(0, 19)})`,
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' as const },
      ActionAfterCompletion: ActionAfterCompletion.DELETE,
      Target: {
        Arn: invoke.functionArn,
        RoleArn: invoke.roleArn,
        Input: JSON.stringify({ timer: name }),
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: invoke.deadLetterArn },
      },
    };
    try {
      await this.scheduler.send(new CreateScheduleCommand(schedule));
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      await this.scheduler.send(new UpdateScheduleCommand(schedule)); // set again: moved
    }
  }

  async cancel(name: string): Promise<void> {
    try {
      await this.scheduler.send(new DeleteScheduleCommand({ Name: name, GroupName: this.target.groupName }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error; // already run, or never set
    }
  }
}
