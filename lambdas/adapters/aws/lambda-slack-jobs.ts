import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { SlackJob, SlackJobQueue } from '../../slack/ports';

/**
 * Hands a Slack job to the worker function as an asynchronous invocation: Lambda queues it,
 * retries it twice with backoff, and sends it to the worker's dead-letter queue if it still fails.
 */
export class LambdaSlackJobs implements SlackJobQueue {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly workerFunctionName: string,
  ) {}

  async enqueue(job: SlackJob): Promise<void> {
    await this.lambda.send(
      new InvokeCommand({
        FunctionName: this.workerFunctionName,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(job)),
      }),
    );
  }
}
