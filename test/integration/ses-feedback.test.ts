import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSesFeedbackHandler } from '../../lambdas/handlers/ses-feedback';
import { suppressor } from '../../lambdas/subscriptions/suppression';
import { startTestService, type TestService } from '../support/local-service';
import { linkIn, messagesTo, pressConfirm } from '../support/outbox';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service?.close());

const snsEvent = (...messages: unknown[]): SNSEvent => ({
  Records: messages.map((message, i) => ({
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: 'arn:aws:sns:eu-west-3:123456789012:ses-feedback:sub',
    Sns: {
      Type: 'Notification',
      MessageId: `m${i}`,
      TopicArn: 'arn:aws:sns:eu-west-3:123456789012:ses-feedback',
      Subject: null as unknown as string,
      Message: typeof message === 'string' ? message : JSON.stringify(message),
      Timestamp: new Date().toISOString(),
      SignatureVersion: '1',
      Signature: '',
      SigningCertUrl: '',
      UnsubscribeUrl: '',
      MessageAttributes: {},
    },
  })),
});

async function confirmedSubscriber(address: string) {
  await service.call('POST', '/v1/subscriptions', { key: null, body: { email: address } });
  await pressConfirm(linkIn((await messagesTo(service, address))[0], '/confirm'));
}

const stateOf = async (address: string) => {
  const { subscribers } = await (await service.call('GET', '/v1/subscribers')).json();
  return subscribers.find((s: { address: string }) => s.address === address);
};

describe('SES bounce and complaint feedback', () => {
  it('suppresses permanent bounces and complaints, and leaves transient bounces alone', async () => {
    for (const address of ['hard@example.com', 'soft@example.com', 'angry@example.com'])
      await confirmedSubscriber(address);
    const handler = makeSesFeedbackHandler({
      suppress: suppressor(service.stores.subscribers, { now: () => new Date() }),
      logger: new Logger({ logLevel: 'SILENT' }),
    });
    await handler(
      snsEvent(
        {
          eventType: 'Bounce',
          bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'Hard <HARD@example.com>' }] },
          mail: {},
        },
        {
          eventType: 'Bounce',
          bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'soft@example.com' }] },
          mail: {},
        },
        { notificationType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'angry@example.com' }] } },
        'not json at all',
        { eventType: 'Delivery' },
      ),
      { awsRequestId: 'test', functionName: 'ses-feedback', getRemainingTimeInMillis: () => 10_000 } as Context,
    );
    expect(await stateOf('hard@example.com')).toMatchObject({ state: 'suppressed', endedReason: 'bounce' });
    expect(await stateOf('soft@example.com')).toMatchObject({ state: 'confirmed' });
    expect(await stateOf('angry@example.com')).toMatchObject({ state: 'suppressed', endedReason: 'complaint' });
  });
});
