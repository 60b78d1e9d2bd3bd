import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ROUTE_IDS, ROUTES, type RouteDefinition, type RouteId } from '../lambdas/routes';
import type { AlertTimers } from './alert-timers';
import type { LifeboatEmail } from './lifeboat-email';
import { LifeboatFunction } from './lifeboat-function';
import type { MaintenanceTimers } from './maintenance-timers';
import { grantSmsOnly } from './sms-access';
import { grantTableAccess, type TableAction } from './table-access';

export interface LifeboatApiProps {
  table: ITableV2;
  eventBus: IEventBus;
  apiKeyPepper: ISecret;
  /** Signs subscribers' links. */
  tokenSigningKey: ISecret;
  email: LifeboatEmail;
  slack: { signingSecret: ISecret; botToken: ISecret; worker: IFunction };
  /** Where alert routes set their timers. */
  alertTimers: AlertTimers;
  /** Where maintenance routes set the timers of their windows. */
  maintenanceTimers: MaintenanceTimers;
  /** Steady-state requests per second across the API. @default 50 */
  rateLimit?: number;
  /** @default 100 */
  burstLimit?: number;
  /**
   * Concurrency kept for each function that declares (the write routes and the two Slack routes),
   * so a flood of page views or sign-ups cannot take the capacity a declare needs. 0 for none.
   * @default 5
   */
  declaringConcurrency?: number;
}

/** The functions that declare and update incidents (write routes, Slack, alert integrations): kept capacity of their own. */
export const declares = (route: RouteDefinition): boolean =>
  route.method !== 'GET' &&
  (route.access === 'write' || (route.uses ?? []).some((use) => use === 'slack' || use === 'alerts'));

/**
 * The management API: an HTTP API whose routes come from lambdas/routes.ts (the table the local
 * server serves), one function per route, each allowed exactly what its access level needs.
 */
export class LifeboatApi extends Construct {
  readonly httpApi: HttpApi;
  readonly functions: Record<RouteId, LifeboatFunction>;
  readonly url: string;

  constructor(scope: Construct, id: string, props: LifeboatApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Lifeboat management API',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
    });
    this.url = this.httpApi.apiEndpoint;

    const functions: Partial<Record<RouteId, LifeboatFunction>> = {};
    for (const routeId of ROUTE_IDS) {
      const route: RouteDefinition = ROUTES[routeId];
      const reserved = props.declaringConcurrency ?? 5;
      const fn = new LifeboatFunction(this, capitalise(routeId), {
        entry: `api-routes/${kebab(routeId)}`,
        description: `Lifeboat API: ${route.method} ${route.path}`,
        environment: routeEnvironment(route, props, this.httpApi.apiEndpoint),
        ...(declares(route) && reserved > 0 ? { reservedConcurrentExecutions: reserved } : {}),
      });
      grantRouteAccess(fn, route, props);
      this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${capitalise(routeId)}Integration`, fn),
      });
      functions[routeId] = fn;
    }
    this.functions = functions as Record<RouteId, LifeboatFunction>;

    Validations.of(this.httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        "Every route but /v1/health checks a secret in the function: a Bearer API key (peppered hashes in DynamoDB, read/write scopes), a Slack signature, or an integration's own secret (peppered hashes; SNS signatures too for CloudWatch); an API Gateway authorizer would duplicate it and add a second cold start.",
    });
  }
}

/** What a route's function reads at start-up: only what its route uses. The health check gets nothing. */
function routeEnvironment(route: RouteDefinition, props: LifeboatApiProps, apiUrl: string): Record<string, string> {
  if (route.path === '/v1/health') return {};
  const uses = route.uses ?? [];
  return {
    TABLE_NAME: props.table.tableName,
    PUBLIC_API_URL: apiUrl,
    ...(route.access !== 'public' ? { API_KEY_PEPPER_SECRET_ARN: props.apiKeyPepper.secretArn } : {}),
    ...(changes(route) ? { EVENT_BUS_NAME: props.eventBus.eventBusName } : {}),
    ...(uses.includes('subscribers') ? { TOKEN_KEY_SECRET_ARN: props.tokenSigningKey.secretArn } : {}),
    ...(uses.includes('messaging') ? { SES_CONFIGURATION_SET: props.email.configurationSet.configurationSetName } : {}),
    ...(uses.includes('slack')
      ? {
          EVENT_BUS_NAME: props.eventBus.eventBusName,
          SLACK_SIGNING_SECRET_ARN: props.slack.signingSecret.secretArn,
          SLACK_BOT_TOKEN_SECRET_ARN: props.slack.botToken.secretArn,
          SLACK_WORKER_FUNCTION: props.slack.worker.functionName,
        }
      : {}),
    ...(uses.includes('maintenance') ? props.maintenanceTimers.environment() : {}),
    ...(uses.includes('alerts')
      ? {
          EVENT_BUS_NAME: props.eventBus.eventBusName,
          ...props.alertTimers.environment(),
          SLACK_BOT_TOKEN_SECRET_ARN: props.slack.botToken.secretArn,
        }
      : {}),
  };
}

/** A route that changes state: any method but GET, on a write route or one that takes sign-ups. */
const changes = (route: RouteDefinition) =>
  route.method !== 'GET' && (route.access === 'write' || (route.uses ?? []).includes('subscribers'));

/**
 * GET routes may only read items and query indexes; the two that show personal data (the
 * subscriber export, the plan's dry run) may also append to the audit trail, and nothing else
 * (PutItem limited to the audit partitions). Write routes may also put and update items (an
 * incident and its outbox events are one conditional update) and publish events. Routes that
 * change subscribers may also count rate limits (UpdateItem) and sign links; routes that send
 * may send email from Lifeboat's identity and SMS to phone numbers (never to a topic). Alert
 * routes (an integration's secret, or write scope) may also write and publish, and set alert
 * timers; maintenance routes set the timers of maintenance windows. Nothing may delete or scan; the public health check gets nothing at all.
 */
function grantRouteAccess(fn: LifeboatFunction, route: RouteDefinition, props: LifeboatApiProps): void {
  const uses = route.uses ?? [];
  const reads = route.method === 'GET';
  const actions = new Set<TableAction>();
  if (route.access !== 'public') {
    props.apiKeyPepper.grantRead(fn);
    actions.add('dynamodb:GetItem').add('dynamodb:Query');
  }
  if (uses.includes('subscribers')) {
    actions.add('dynamodb:GetItem').add('dynamodb:Query');
    props.tokenSigningKey.grantRead(fn);
  }
  if (changes(route)) {
    actions.add('dynamodb:PutItem').add('dynamodb:UpdateItem');
    if (route.access === 'write') props.eventBus.grantPutEventsTo(fn);
  }
  if (reads && route.access === 'write') {
    // The audit trail of who read personal data: one new item a day partition, never an update.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
      }),
    );
  }
  if (uses.includes('messaging')) {
    props.email.grantSend(fn);
    grantSmsOnly(fn);
  }
  if (uses.includes('slack')) {
    // Reads components for the form, remembers request signatures against replays.
    actions.add('dynamodb:GetItem').add('dynamodb:Query').add('dynamodb:PutItem');
    props.slack.signingSecret.grantRead(fn);
    props.slack.botToken.grantRead(fn);
    // The unqualified function only: grantInvoke would add every version (`:*`), never used here.
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.slack.worker.functionArn] }),
    );
  }
  if (uses.includes('maintenance')) {
    // Puts components under maintenance when a window is started by hand; sets and cancels its timers.
    props.maintenanceTimers.grantSetTimers(fn);
  }
  if (uses.includes('alerts')) {
    // Keeps alerts, sets component signals and declares incidents; sets and cancels alert timers.
    actions.add('dynamodb:GetItem').add('dynamodb:Query').add('dynamodb:PutItem').add('dynamodb:UpdateItem');
    props.eventBus.grantPutEventsTo(fn);
    props.alertTimers.grantSetTimers(fn);
    props.slack.botToken.grantRead(fn); // announces planned declarations in Slack
  }
  if (actions.size) grantTableAccess(props.table, fn, ...actions);
}

const capitalise = (text: string) => text[0]!.toUpperCase() + text.slice(1);
const kebab = (text: string) => text.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
