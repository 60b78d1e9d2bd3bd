/**
 * One notification worker process: the local stand-in for one concurrent Lambda. It runs the same
 * worker code as local mode and the notifier against a shared DynamoDB (dynalite, in the parent)
 * and the SDK's own SES and SNS clients pointed at the simulated provider. On SIGTERM it finishes
 * its job in hand and prints what it measured; SIGKILL just ends it, wherever it is.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SesEmailSender } from '../../lambdas/adapters/aws/ses-email-sender';
import { SesProviderLimits } from '../../lambdas/adapters/aws/ses-provider-limits';
import { SnsSmsSender } from '../../lambdas/adapters/aws/sns-sms-sender';
import { HttpWebhookSender } from '../../lambdas/adapters/webhook-sender';
import { parseConfig } from '../../lambdas/core/config';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lambdas/local/emulators';
import { startPlanHarness } from './plan-harness';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const env = process.env as Record<string, string>;
const config = parseConfig(JSON.parse(env.FANOUT_CONFIG!), 'FANOUT_CONFIG');
const client = { endpoint: env.FANOUT_PROVIDER!, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 };
const ses = new SESv2Client(client);

const harness = await startPlanHarness({
  config,
  endpoint: env.FANOUT_DYNAMODB!,
  email: new SesEmailSender(ses, 'status@acme.example'),
  sms: new SnsSmsSender(new SNSClient(client)),
  webhooks: new HttpWebhookSender({ allowPrivateNetworks: true }),
  limits: new SesProviderLimits(ses, config.responsePlan.limits.emailPerSecond),
  workers: Number(env.FANOUT_LOOPS ?? 2),
  ...(env.FANOUT_LEASE_SECONDS
    ? { leaseSeconds: Number(env.FANOUT_LEASE_SECONDS), retry: { baseDelayMs: 50, maxDelayMs: 400 } }
    : {}),
});

// DynamoDB writes, told apart: the local queue's own (SQS on AWS) and everything else.
const writes = { queue: 0, other: 0 };
harness.db.middlewareStack.add(
  (next, context) => async (args) => {
    // The document client hands its commands on as the client's own (UpdateItemCommand, keys marshalled).
    if (/^(Put|Update|Delete|BatchWrite)(Item)?Command$/.test(context.commandName ?? '')) {
      const input = args.input as { Key?: { pk?: string | { S?: string } }; Item?: { pk?: string | { S?: string } } };
      const raw = input.Key?.pk ?? input.Item?.pk ?? '';
      const pk = typeof raw === 'string' ? raw : (raw.S ?? '');
      if (pk.startsWith('JOB#')) writes.queue++;
      else writes.other++;
    }
    return next(args);
  },
  { step: 'initialize', name: 'countWrites' },
);
let peakRss = process.memoryUsage.rss();
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100).unref();

harness.workers.start();
console.log('READY');
process.once('SIGTERM', async () => {
  await harness.workers.stop();
  const throttled = harness.batches.reduce((n, b) => n + b.throttled, 0);
  const failed = harness.batches.flatMap((b) => b.failed);
  console.log(
    `STATS ${JSON.stringify({ writes, peakRss, throttled, batches: harness.batches.length, failed: failed.slice(0, 20), failedCount: failed.length })}`,
  );
  process.exit(0);
});
