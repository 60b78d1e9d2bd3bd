import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script, without declarations
import { buildFunctions } from '../../bin/build-functions.mjs';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lambdas/local/emulators';
import { LOCAL_PEPPER, LOCAL_TABLE_NAME } from '../../lambdas/local/local-service';
import { ROUTES, type RouteId, routeUrl } from '../../lambdas/routes';
import { BUNDLED_CONFIG_FILE } from '../../lambdas/runtime/bundled-config';
import { testConfig } from '../support/config';
import { READ_KEY, startTestService, type TestService, WRITE_KEY } from '../support/local-service';
import { deliveredEmails } from '../support/outbox';

/**
 * The bundles the construct deploys (bin/build-functions.mjs), run as Lambda runs them: each in a
 * fresh node process with its config beside it, reaching the local emulators through the SDK's
 * endpoint variables. Every other test runs the sources; the bundler rewrites how the SDK's own
 * modules import each other and splits what loads on first use into chunks, so a mistake there
 * would only show here (or on AWS).
 */
const ENTRIES = ['api-routes/get-status', 'api-routes/declare-incident', 'api-routes/subscribe'] as const;
const TOKEN_KEY = 'bundled-functions-token-key';
const SECRETS = {
  'arn:aws:secretsmanager:eu-west-3:123456789012:secret:pepper': LOCAL_PEPPER,
  'arn:aws:secretsmanager:eu-west-3:123456789012:secret:token': TOKEN_KEY,
};

let service: TestService;
let secretsManager: Server;
let outdir: string;
let environment: NodeJS.ProcessEnv;

beforeAll(async () => {
  service = await startTestService();
  secretsManager = await startSecretsManager(SECRETS);
  outdir = mkdtempSync(join(tmpdir(), 'lifeboat-bundles-'));
  await buildFunctions(outdir, ENTRIES);
  for (const entry of ENTRIES) writeFileSync(join(outdir, entry, BUNDLED_CONFIG_FILE), JSON.stringify(testConfig));
  environment = {
    PATH: process.env.PATH,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: service.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_SESV2: service.sesEndpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(secretsManager.address() as AddressInfo).port}`,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    TABLE_NAME: LOCAL_TABLE_NAME,
    EVENT_BUS_NAME: 'lifeboat',
    PUBLIC_API_URL: service.url,
    API_KEY_PEPPER_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:pepper',
    TOKEN_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:token',
    SES_CONFIGURATION_SET: 'lifeboat',
  };
}, 120_000);

afterAll(async () => {
  await service?.close();
  secretsManager?.close();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe('the bundled functions, against the emulators', () => {
  it('declares an incident through the bundle: the table holds it, and the local service reads it', async () => {
    const result = await invoke('api-routes/declare-incident', 'declareIncident', {
      key: WRITE_KEY,
      body: { name: 'Bundled declare', impact: 'major', components: { api: 'major_outage' }, body: 'Looking into it.' },
    });

    expect(result.statusCode, result.body).toBe(201);
    const created = JSON.parse(result.body ?? '{}');
    const stored = await service.services.incidents.get(created.id);
    expect(stored).toMatchObject({ name: 'Bundled declare', impact: 'major', status: 'investigating' });
  });

  it('reads the status through the bundle, checking the API key against the hashed one in the table', async () => {
    await service.call('POST', '/v1/incidents', {
      body: { name: 'Read back', impact: 'minor', components: { db: 'degraded_performance' } },
    });

    const result = await invoke('api-routes/get-status', 'getStatus', { key: READ_KEY });

    expect(result.statusCode, result.body).toBe(200);
    const status = JSON.parse(result.body ?? '{}');
    expect(status.incidents.map((incident: { name: string }) => incident.name)).toContain('Read back');
    expect(status.components.find((component: { id: string }) => component.id === 'db').status).toBe(
      'degraded_performance',
    );
    const refused = await invoke('api-routes/get-status', 'getStatus', { key: 'not-a-key' });
    expect(refused.statusCode).toBe(401);
  });

  it('signs up through the bundle, whose SES client loads on first use and sends the confirmation', async () => {
    const address = `bundle-${Date.now()}@example.com`;

    const result = await invoke('api-routes/subscribe', 'subscribe', {
      body: { email: address, components: ['api'] },
    });

    expect(result.statusCode, result.body).toBe(202);
    const [mail] = await deliveredEmails(service, address);
    expect(mail?.subject).toMatch(/confirm/i);
    expect(mail?.text).toContain(routeUrl(ROUTES.showConfirmation, { base: service.url }).split('?')[0]);
  });
});

/** Runs a bundled route's handler once, in a fresh node process, with an API Gateway event. */
async function invoke(
  entry: (typeof ENTRIES)[number],
  routeId: RouteId,
  request: { key?: string; body?: unknown },
): Promise<APIGatewayProxyStructuredResultV2> {
  const route = ROUTES[routeId];
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'bundled-test' };
  if (request.key) headers.authorization = `Bearer ${request.key}`;
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: route.path,
    rawQueryString: '',
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'bundled',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method: route.method, path: route.path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: `bundled-${Date.now()}`,
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
  const script = [
    'const { handler } = await import(process.argv[1]);',
    'const context = { functionName: "bundled", awsRequestId: "bundled", getRemainingTimeInMillis: () => 30000 };',
    'process.stdout.write(JSON.stringify(await handler(JSON.parse(process.env.EVENT), context)));',
  ].join(' ');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', script, pathToFileURL(join(outdir, entry, 'index.mjs')).href],
    { env: { ...environment, EVENT: JSON.stringify(event) }, timeout: 60_000 },
  );
  return JSON.parse(stdout);
}

/** Secrets Manager's GetSecretValue (JSON 1.1 over HTTP), for the secrets the functions read. */
function startSecretsManager(secrets: Record<string, string>): Promise<Server> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const { SecretId } = JSON.parse(body || '{}') as { SecretId?: string };
      const value = SecretId ? secrets[SecretId as keyof typeof secrets] : undefined;
      const isRead = request.headers['x-amz-target'] === 'secretsmanager.GetSecretValue';
      response.writeHead(isRead && value ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(
        JSON.stringify(
          isRead && value
            ? { ARN: SecretId, Name: SecretId, SecretString: value, VersionId: '1' }
            : { __type: 'ResourceNotFoundException', message: `no secret ${SecretId}` },
        ),
      );
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
