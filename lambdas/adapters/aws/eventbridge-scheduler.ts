import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { IncidentScheduler } from '../../plan/social-ports';

export interface SchedulerTarget {
  groupName: string;
  /** What a new schedule invokes; absent where schedules are only ever stopped (the tick itself). */
  invoke?: {
    /** The function the schedule invokes, with `{"incidentId": ...}`. */
    functionArn: string;
    /** The role EventBridge Scheduler assumes to invoke it. */
    roleArn: string;
    /** Where invocations go that fail after EventBridge's retries. */
    deadLetterArn: string;
  };
}

/**
 * One EventBridge schedule per open incident, created on declare and deleted on resolve, with the
 * flexible time window off so posts come at fixed intervals. Both calls are idempotent.
 */
export class EventBridgeIncidentScheduler implements IncidentScheduler {
  constructor(
    private readonly scheduler: SchedulerClient,
    private readonly target: SchedulerTarget,
  ) {}

  async start(incidentId: string, everyMinutes: number): Promise<void> {
    const invoke = this.target.invoke;
    if (!invoke) throw new Error('This function cannot create schedules: it has no schedule target');
    try {
      await this.scheduler.send(
        new CreateScheduleCommand({
          Name: scheduleName(incidentId),
          GroupName: this.target.groupName,
          ScheduleExpression: `rate(${everyMinutes} minutes)`,
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: {
            Arn: invoke.functionArn,
            RoleArn: invoke.roleArn,
            Input: JSON.stringify({ incidentId }),
            RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 900 },
            DeadLetterConfig: { Arn: invoke.deadLetterArn },
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error; // already scheduled
    }
  }

  async stop(incidentId: string): Promise<void> {
    try {
      await this.scheduler.send(
        new DeleteScheduleCommand({ Name: scheduleName(incidentId), GroupName: this.target.groupName }),
      );
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error; // already gone
    }
  }
}

const scheduleName = (incidentId: string) => `incident-${incidentId}`;
