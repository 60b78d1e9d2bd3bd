import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * A dead-letter queue: encrypted, TLS only, kept two weeks for an operator to look at and
 * redrive. `of` says whose failures it holds.
 */
export function deadLetterQueue(scope: Construct, id: string, of: string, options: { fifo?: boolean } = {}): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    ...(options.fifo ? { fifo: true } : {}),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This is itself a dead-letter queue: it holds ${of} that failed after retries.`,
  });
  return queue;
}
