import { CheckIfPhoneNumberIsOptedOutCommand, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { SmsSender } from '../../core/ports';
import { callProvider } from '../provider-errors';

/** SMS through SNS, as transactional messages. SNS itself honours STOP; Lifeboat asks before sending. */
export class SnsSmsSender implements SmsSender {
  constructor(
    private readonly sns: SNSClient,
    private readonly senderId?: string,
  ) {}

  async send({ to, body }: { to: string; body: string }): Promise<void> {
    await callProvider('SNS', () =>
      this.sns.send(
        new PublishCommand({
          PhoneNumber: to,
          Message: body,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(this.senderId ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.senderId } } : {}),
          },
        }),
      ),
    );
  }

  async isOptedOut(phoneNumber: string): Promise<boolean> {
    const { isOptedOut } = await callProvider('SNS', () =>
      this.sns.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber })),
    );
    return isOptedOut === true;
  }
}
