import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { OneShotTimers, type OneShotTimersProps } from './one-shot-timers';

export interface AlertTimersProps extends OneShotTimersProps {
  /** Announces planned declarations in Slack's announcement channel. */
  slackBotToken: ISecret;
}

/** Timers for alerts: a firing alert's hold time, and a planned declaration. */
export class AlertTimers extends OneShotTimers {
  constructor(scope: Construct, id: string, props: AlertTimersProps) {
    super(scope, id, props, {
      name: 'alert',
      environmentPrefix: 'ALERT',
      entry: 'alert-timer',
      does: 'a held alert reaches the page, or a planned incident is declared',
      schedules: 'One schedule per alert timer, named after the alert',
    });
    this.function.addEnvironment('SLACK_BOT_TOKEN_SECRET_ARN', props.slackBotToken.secretArn);
    props.slackBotToken.grantRead(this.function);
  }
}
