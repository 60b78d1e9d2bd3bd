import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ROUTES, ROUTE_IDS, type RouteId } from '../lambdas/routes';
import { LifeboatFunction } from './lifeboat-function';
import { grantTableAccess } from './table-access';

export interface LifeboatApiProps {
  table: ITableV2;
  eventBus: IEventBus;
  apiKeyPepper: ISecret;
  /** Steady-state requests per second across the API. @default 50 */
  rateLimit?: number;
  /** @default 100 */
  burstLimit?: number;
}

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
      const route = ROUTES[routeId];
      const fn = new LifeboatFunction(this, capitalise(routeId), {
        entry: 'api',
        description: `Lifeboat API: ${route.method} ${route.path}`,
        environment: {
          LIFEBOAT_ROUTE: routeId,
          TABLE_NAME: props.table.tableName,
          EVENT_BUS_NAME: props.eventBus.eventBusName,
          API_KEY_PEPPER_SECRET_ARN: props.apiKeyPepper.secretArn,
        },
      });
      grantRouteAccess(fn, route.access, props);
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
        'Every route but /v1/health checks a Bearer API key in the function (peppered hashes in DynamoDB, read/write scopes); an API Gateway authorizer would duplicate it and add a second cold start.',
    });
  }
}

/**
 * Read routes may read items and query indexes; write routes may also put items and publish
 * events. Nothing may delete or scan; the public health check gets nothing at all.
 */
function grantRouteAccess(fn: LifeboatFunction, access: 'public' | 'read' | 'write', props: LifeboatApiProps): void {
  if (access === 'public') return;
  props.apiKeyPepper.grantRead(fn);
  if (access === 'read') {
    grantTableAccess(props.table, fn, 'dynamodb:GetItem', 'dynamodb:Query');
    return;
  }
  grantTableAccess(props.table, fn, 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem');
  props.eventBus.grantPutEventsTo(fn);
}

const capitalise = (text: string) => text[0]!.toUpperCase() + text.slice(1);
