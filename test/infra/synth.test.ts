import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CDK = join(ROOT, 'node_modules/aws-cdk/bin/cdk');

/** The environment CI has: none of the AWS credentials or settings a developer might have. */
function withoutAws(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^(AWS_|CDK_)/.test(name)));
}

let outdir: string;
let output: string;
beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'lifeboat-synth-'));
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [CDK, 'synth', '--quiet', '--output', outdir, '-c', 'lifeboat:alarmEmails=oncall@example.com'],
    {
      cwd: ROOT,
      env: {
        ...withoutAws(process.env),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  output = stdout + stderr;
}, 240_000);
afterAll(() => rm(outdir, { recursive: true, force: true }));

async function assetOf(stack: string, description: string): Promise<string> {
  const template = JSON.parse(await readFile(join(outdir, `${stack}.template.json`), 'utf8'));
  const fn = Object.values(template.Resources as Record<string, any>).find(
    (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Description === description,
  );
  const assetPath: string = fn.Metadata['aws:asset:path'];
  return join(outdir, assetPath, 'index.mjs');
}

describe('npx cdk synth', () => {
  it('synthesizes both stacks with no AWS credentials, bundling with the local esbuild', () => {
    expect(output).toContain('Successfully synthesized');
    expect(output).not.toMatch(/docker/i);
    expect(output).not.toMatch(/AwsSolutions-/);
  });

  it('bundles each function on its own: minified ESM, the AWS SDK inside where used, no source maps, the config beside it', async () => {
    const status = await assetOf('LifeboatService', 'Lifeboat API: GET /v1/status');
    const code = await readFile(status, 'utf8');
    expect(code).toContain('DynamoDBClient');
    // Minified: a few very long lines (template strings keep their own newlines).
    expect(code.length / code.split('\n').length).toBeGreaterThan(2000);
    await expect(readFile(`${status}.map`, 'utf8')).rejects.toThrow(/ENOENT/);
    expect(code).not.toContain('Acme Cloud');
    const health = await readFile(await assetOf('LifeboatService', 'Lifeboat API: GET /v1/health'), 'utf8');
    expect(health).not.toContain('DynamoDBClient');
    expect(health.length).toBeLessThan(100 * 1024);
  });

  it('runs the bundled health check, which reads the page from the config written beside it', async () => {
    const bundle = await assetOf('LifeboatService', 'Lifeboat API: GET /v1/health');
    const config = JSON.parse(await readFile(join(bundle, '..', 'lifeboat.config.json'), 'utf8'));
    expect(config.page.name).toBe('Acme Cloud');
    Object.assign(process.env, { AWS_REGION: 'eu-west-3', POWERTOOLS_LOG_LEVEL: 'SILENT' });
    const { handler } = await import(pathToFileURL(bundle).href);
    const response = await handler(
      { rawPath: '/v1/health', headers: {}, requestContext: { http: { method: 'GET' } } },
      { awsRequestId: 'test', functionName: 'health', getRemainingTimeInMillis: () => 10_000 },
    );
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok', page: 'Acme Cloud', timeZone: 'Europe/Paris' });
  });
});
