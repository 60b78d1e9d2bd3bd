/**
 * Runs in each probe region, invoked every minute by EventBridge Scheduler: every configured check
 * from here, results written to the core's table in the core's region. It may write probe items
 * and nothing else (its role allows UpdateItem on `PROBE#…` partitions only).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { createDocumentClient } from '../adapters/aws/dynamodb/client';
import { DynamoDbProbeResultStore } from '../adapters/aws/dynamodb/probe-result-store';
import { NetProber } from '../adapters/net-prober';
import { ProbeRunner } from '../core/probes/probe-runner';
import * as z from '../core/schema';
import { bundledConfig } from './bundled-config';
import { readEnvironment } from './environment';

const env = readEnvironment(
  z.object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    /** The core's region, where the table is. */
    TABLE_REGION: z.string().check(z.minLength(1)),
    /** Set by Lambda: where this copy runs, the region its results are stored under. */
    AWS_REGION: z.string().check(z.minLength(1)),
  }),
);
// The deployment's config, written beside the bundle by the CDK app.
const lifeboatConfig = bundledConfig();
const logger = new Logger({ serviceName: 'lifeboat' });
const results = new DynamoDbProbeResultStore(createDocumentClient({ region: env.TABLE_REGION }), env.TABLE_NAME);
const prober = new NetProber();

/** The schedule passes its own time, so a retried invocation stores the run under the same minute. */
const Input = z.looseObject({ scheduledTime: z.optional(z.iso.datetime({ offset: true })) });

export const handler = async (input: unknown): Promise<{ minute: string; failed: string[] }> => {
  const { scheduledTime } = Input.parse(input ?? {});
  const at = scheduledTime ? new Date(scheduledTime) : new Date();
  const runner = new ProbeRunner({
    checks: lifeboatConfig.probes?.checks ?? [],
    region: env.AWS_REGION,
    prober,
    results,
    clock: { now: () => at },
    logger,
  });
  const report = await runner.run();
  const failed = report.results.filter((r) => !r.result.ok).map((r) => r.checkId);
  return { minute: new Date(report.minute).toISOString(), failed };
};
