import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, FileSystem } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import type { LifeboatConfig } from '../lambdas/core/config';
import { BUNDLED_CONFIG_FILE } from '../lambdas/runtime/bundled-config';

/**
 * Run from the TypeScript sources (a clone, tests), the construct bundles the functions itself;
 * run from the built package, it uses the bundles `npm run build` made, so an app that embeds
 * Lifeboat needs neither esbuild nor Docker.
 */
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const BUNDLES = FROM_SOURCES ? undefined : here('./functions/');
const LAMBDAS = FROM_SOURCES ? here('../lambdas/') : undefined;

let sourceBundles: string | undefined;
/** Bundles every function once per synth process. */
function bundlesFromSources(): string {
  if (sourceBundles) return sourceBundles;
  const outdir = mkdtempSync(join(tmpdir(), 'lifeboat-functions-'));
  const build = spawnSync(process.execPath, [here('../bin/build-functions.mjs'), outdir], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`Bundling Lifeboat's functions failed:\n${build.stderr || build.error}`);
  sourceBundles = outdir;
  process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
  return outdir;
}

let sourcesFingerprint: string | undefined;
function codeFingerprint(entry: string): string {
  if (BUNDLES) return FileSystem.fingerprint(join(BUNDLES, entry));
  sourcesFingerprint ??= FileSystem.fingerprint(LAMBDAS!, { exclude: ['**/*.test.ts'] });
  return sourcesFingerprint;
}

/**
 * A function's code: its bundle (index.mjs and its chunks/), plus the deployment's validated config written beside it as
 * lifeboat.config.json (the bundles carry no config). The asset's hash covers both, so a changed
 * config deploys new code, and the component sync (keyed on the code version) runs again.
 */
export function functionCode(entry: string, config: LifeboatConfig): Code {
  const configJson = JSON.stringify(config);
  const hash = createHash('sha256')
    .update(entry)
    .update('\0')
    .update(codeFingerprint(entry))
    .update('\0')
    .update(configJson)
    .digest('hex');
  const sourceDir = BUNDLES ? join(BUNDLES, entry) : join(LAMBDAS!, 'runtime');
  if (BUNDLES && !existsSync(join(sourceDir, 'index.mjs')))
    throw new Error(`The package holds no bundle for the function "${entry}"`);
  return Code.fromAsset(sourceDir, {
    assetHashType: AssetHashType.CUSTOM,
    assetHash: hash,
    bundling: {
      // Never used: bundling is always local (a copy, or esbuild from the sources).
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
      local: {
        tryBundle(outputDir: string) {
          // index.mjs and the chunks it imports on the paths that need them.
          cpSync(join(BUNDLES ?? bundlesFromSources(), entry), outputDir, { recursive: true });
          writeFileSync(join(outputDir, BUNDLED_CONFIG_FILE), configJson);
          return true;
        },
      },
    },
  });
}
