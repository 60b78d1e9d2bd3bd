import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  type IDestination,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { deployedConfig } from './deployed-config';
import { functionCode } from './function-code';

export interface LifeboatFunctionProps {
  /** The entry's name under lambdas/runtime/, e.g. `notifier` or `api-routes/health`. */
  entry: string;
  description: string;
  environment?: Record<string, string>;
  /** @default 10 seconds */
  timeout?: Duration;
  /** @default 512 MB */
  memorySize?: number;
  /** @default one month */
  logRetention?: RetentionDays;
  /** For asynchronously invoked functions: where events go when every retry failed. */
  onFailure?: IDestination;
  retryAttempts?: number;
  /** Concurrency kept for this function alone (and its ceiling). @default none: the account's shared pool */
  reservedConcurrentExecutions?: number;
}

/**
 * Every Lifeboat function, with the defaults Powertools' own infrastructure uses: ARM64, Node 22,
 * a small ESM bundle of its own (bin/build-functions.mjs: minified, tree-shaken, the AWS SDK
 * inside, no source maps) beside the deployment's config, and an explicit log group with a
 * retention. Its role starts empty: it may write its own log group and nothing else until a
 * construct grants it more. It must live inside a Lifeboat construct, which gives it the config.
 */
export class LifeboatFunction extends LambdaFunction {
  constructor(scope: Construct, id: string, props: LifeboatFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Lifeboat: ${props.description}`.slice(0, 1000),
    });
    super(scope, id, {
      role,
      ...(props.onFailure ? { onFailure: props.onFailure } : {}),
      ...(props.retryAttempts !== undefined ? { retryAttempts: props.retryAttempts } : {}),
      code: functionCode(props.entry, deployedConfig(scope)),
      handler: 'index.handler',
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'lifeboat',
        ...props.environment,
      },
    });
    logGroup.grantWrite(role);
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the chosen runtime: the dependencies are pinned to majors that support it (vitest 4, middy 6) and local mode runs on it; move to the next LTS deliberately, with the pins.',
    });
  }
}
