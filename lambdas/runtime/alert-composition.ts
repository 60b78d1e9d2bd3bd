import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { EventBridgeOneShotTimers } from '../adapters/aws/eventbridge-one-shot-timers';
import { SlackWebApi } from '../adapters/slack-web-api';
import { AlertService } from '../alerts/alert-service';
import type { AlertTimers } from '../alerts/ports';
import { systemClock } from '../core/ports';
import * as z from '../core/schema';
import { escapeSlack } from '../slack/messages';
import type { composeOnAws } from './aws-composition';
import { secret } from './secrets';

/** Where alert timers go: given to the functions that set them (alert routes, the timer itself). */
export const AlertTimerEnvironment = z.object({
  ALERT_SCHEDULE_GROUP: z.optional(z.string().check(z.minLength(1))),
  ALERT_TIMER_FUNCTION_ARN: z.optional(z.string().check(z.minLength(1))),
  ALERT_SCHEDULER_ROLE_ARN: z.optional(z.string().check(z.minLength(1))),
  ALERT_TIMER_DEAD_LETTER_ARN: z.optional(z.string().check(z.minLength(1))),
  /** To announce planned declarations in Slack's announcement channel. */
  SLACK_BOT_TOKEN_SECRET_ARN: z.optional(z.string().check(z.minLength(1))),
});

/** A function without the alert environment (a route that never touches alerts) cannot set timers. */
const noTimers: AlertTimers = {
  set: async () => {
    throw new Error('This function cannot set alert timers');
  },
  cancel: async () => {
    throw new Error('This function cannot cancel alert timers');
  },
};

/** The alert service on AWS: the table's alerts, EventBridge Scheduler's one-time schedules as timers. */
export function composeAlertsOnAws(
  env: z.output<typeof AlertTimerEnvironment>,
  core: ReturnType<typeof composeOnAws>,
  /** The timer function's ARN when the environment cannot say it (the timer function itself). */
  timerFunctionArn = env.ALERT_TIMER_FUNCTION_ARN,
): AlertService {
  const timers =
    env.ALERT_SCHEDULE_GROUP && timerFunctionArn && env.ALERT_SCHEDULER_ROLE_ARN && env.ALERT_TIMER_DEAD_LETTER_ARN
      ? new EventBridgeOneShotTimers(new SchedulerClient({}), {
          groupName: env.ALERT_SCHEDULE_GROUP,
          invoke: {
            functionArn: timerFunctionArn,
            roleArn: env.ALERT_SCHEDULER_ROLE_ARN,
            deadLetterArn: env.ALERT_TIMER_DEAD_LETTER_ARN,
          },
        })
      : noTimers;
  const channel = core.config.slack?.notifyChannelId;
  const tokenArn = env.SLACK_BOT_TOKEN_SECRET_ARN;
  const slack = channel && tokenArn ? new SlackWebApi(secret(tokenArn)) : undefined;
  return new AlertService({
    config: core.config,
    alerts: core.stores.alerts,
    timers,
    signals: core.services.signals,
    incidents: core.services.incidents,
    audit: core.stores.audit,
    clock: systemClock,
    ...(slack && channel
      ? { announce: (text: string) => slack.postMessage(channel, { text: escapeSlack(text) }) }
      : {}),
  });
}
