import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  type IDestination,
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { PROJECT_ROOT, runtimeEntry } from './paths';

export interface LifeboatFunctionProps {
  /** The entry's name under lambdas/runtime/, e.g. `api`. */
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
}

/**
 * Every Lifeboat function, with the defaults Powertools' own infrastructure uses: ARM64, Node 22,
 * an ESM bundle built by the local esbuild (never Docker) with the AWS SDK inside, minified with
 * source maps, and an explicit log group with a retention. Its role starts empty: it may write its
 * own log group and nothing else until a construct grants it more.
 */
export class LifeboatFunction extends NodejsFunction {
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
      entry: runtimeEntry(props.entry),
      handler: 'handler',
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
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'lifeboat',
        ...props.environment,
      },
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        // Bundled CommonJS dependencies may still call require().
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        externalModules: [],
        forceDockerBundling: false,
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
