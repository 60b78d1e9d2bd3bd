#!/usr/bin/env node
/**
 * `npm run build`: the package others install. dist/functions/ holds one bundle per Lambda
 * function (bin/build-functions.mjs); dist/index.js is the CDK library as one ES module (its
 * dependencies stay imports); dist/types/ its declarations (tsconfig.build.json).
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { buildFunctions } from './build-functions.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');

rmSync(DIST, { recursive: true, force: true });
const sizes = await buildFunctions(join(DIST, 'functions'));
await esbuild.build({
  entryPoints: [join(ROOT, 'lib', 'index.ts')],
  outfile: join(DIST, 'index.js'),
  bundle: true,
  packages: 'external',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'error',
});
console.log(`dist/index.js and ${Object.keys(sizes).length} function bundles`);
