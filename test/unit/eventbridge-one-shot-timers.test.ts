import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { describe, expect, it } from 'vitest';
import { EventBridgeOneShotTimers } from '../../lambdas/adapters/aws/eventbridge-one-shot-timers';

const target = {
  groupName: 'alerts',
  invoke: {
    functionArn: 'arn:aws:lambda:eu-west-3:111122223333:function:timer',
    roleArn: 'arn:aws:iam::111122223333:role/scheduler',
    deadLetterArn: 'arn:aws:sqs:eu-west-3:111122223333:dlq',
  },
};

/** A Scheduler client that records what it is sent and fails as told. */
function fakeScheduler(fail: (command: object) => Error | undefined = () => undefined) {
  const sent: object[] = [];
  const client = {
    send: async (command: object) => {
      sent.push(command);
      const error = fail(command);
      if (error) throw error;
      return {};
    },
  } as unknown as SchedulerClient;
  return { client, sent };
}

describe('alert timers on EventBridge Scheduler', () => {
  it('creates a one-time schedule, deleted after it runs, that invokes the timer with its name', async () => {
    const { client, sent } = fakeScheduler();
    const at = new Date(Date.now() + 120_500);
    await new EventBridgeOneShotTimers(client, target).set('hold-abcdefghijkl', at);
    const input = (sent[0] as CreateScheduleCommand).input;
    expect(sent[0]).toBeInstanceOf(CreateScheduleCommand);
    expect(input).toMatchObject({
      Name: 'hold-abcdefghijkl',
      GroupName: 'alerts',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: target.invoke.functionArn,
        RoleArn: target.invoke.roleArn,
        Input: '{"timer":"hold-abcdefghijkl"}',
        DeadLetterConfig: { Arn: target.invoke.deadLetterArn },
      },
    });
    // Whole seconds, rounded up: never before the hold is over.
    expect(input.ScheduleExpression).toBe(
      `at(${new Date(Math.ceil(at.getTime() / 1000) * 1000).toISOString().slice(0, 19)})`,
    );
  });

  it('moves a timer that exists, and cancels one that is gone without complaint', async () => {
    const { client, sent } = fakeScheduler((c) =>
      c instanceof CreateScheduleCommand
        ? new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} })
        : c instanceof DeleteScheduleCommand
          ? new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} })
          : undefined,
    );
    const timers = new EventBridgeOneShotTimers(client, target);
    await timers.set('declare-abcdefghijkl', new Date(Date.now() + 60_000));
    expect(sent[1]).toBeInstanceOf(UpdateScheduleCommand);
    await expect(timers.cancel('declare-abcdefghijkl')).resolves.toBeUndefined();
  });

  it('never sets a timer in the past', async () => {
    const { client, sent } = fakeScheduler();
    await new EventBridgeOneShotTimers(client, target).set('hold-abcdefghijkl', new Date(Date.now() - 60_000));
    const when = /^at\((.+)\)$/.exec((sent[0] as CreateScheduleCommand).input.ScheduleExpression!)![1]!;
    expect(Date.parse(`${when}Z`)).toBeGreaterThan(Date.now());
  });
});
