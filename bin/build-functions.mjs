#!/usr/bin/env node
/**
 * Bundles every Lambda entry under lambdas/runtime/ into <outdir>/<entry>/: one small ESM bundle
 * per function (each API route has its own entry, so it holds only what the route imports),
 * minified, tree-shaken, no source maps, the AWS SDK inside. Run by `npm run build`
 * (the package ships the bundles) and, from a clone, by the CDK construct at synth.
 *
 *   node bin/build-functions.mjs [outdir]      default: dist/functions
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { bundlePlugins } from './bundle-plugins.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNTIME = join(ROOT, 'lambdas', 'runtime');

/** The entries: the background functions and one per API route. */
export const FUNCTION_ENTRIES = [
  'notifier',
  'social-tick',
  'outbox-relay',
  'publish-site',
  'ses-feedback',
  'slack-worker',
  'sync-components',
  'outside-probe',
  'alert-timer',
  'maintenance-timer',
  'probe-evaluator',
  'probe-region',
  ...readdirSync(join(RUNTIME, 'api-routes'))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `api-routes/${file.slice(0, -3)}`),
];

/**
 * Bundles each function on its own, into <outdir>/<entry>/: index.mjs, and in chunks/ the modules
 * it imports only on the paths that need them (`await import(...)`: the SMS library, the X client,
 * the email and SMS SDK clients), which Lambda's init phase never loads. Returns, per function, the
 * bytes loaded at start (index.mjs and what it imports statically) and the bytes of all its files.
 */
export async function buildFunctions(outdir, entries = FUNCTION_ENTRIES) {
  const builds = await Promise.all(
    entries.map(async (entry) => {
      const result = await esbuild.build({
        entryPoints: { index: join(RUNTIME, `${entry}.ts`) },
        outdir: join(outdir, entry),
        outExtension: { '.js': '.mjs' },
        chunkNames: 'chunks/[name]-[hash]',
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'node',
        target: 'node22',
        mainFields: ['module', 'main'],
        minify: true,
        treeShaking: true,
        sourcemap: false,
        legalComments: 'none',
        metafile: true,
        logLevel: 'error',
        // Bundled CommonJS dependencies may still call require().
        banner: {
          js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        },
        plugins: bundlePlugins({ root: ROOT, runtime: RUNTIME }),
      });
      return [entry, { ...bundleSizes(result.metafile), metafile: result.metafile }];
    }),
  );
  return Object.fromEntries(builds);
}

/** Bytes loaded at start (the entry and its static imports, transitively) and bytes in all. */
function bundleSizes({ outputs }) {
  // Each module loaded by `import()` is an entry point of its own; the function's is index.mjs.
  const entry = Object.keys(outputs).find((file) => file.endsWith('/index.mjs'));
  const loaded = new Set();
  const visit = (file) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const imported of outputs[file].imports)
      if (imported.kind === 'import-statement' && outputs[imported.path]) visit(imported.path);
  };
  visit(entry);
  const bytes = (files) => files.reduce((sum, file) => sum + outputs[file].bytes, 0);
  return { startBytes: bytes([...loaded]), totalBytes: bytes(Object.keys(outputs)) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outdir = process.argv[2] ?? join(ROOT, 'dist', 'functions');
  const sizes = await buildFunctions(outdir);
  for (const [entry, { startBytes, totalBytes }] of Object.entries(sizes))
    console.log(
      `${(startBytes / 1024).toFixed(0).padStart(5)} KB at start, ${(totalBytes / 1024).toFixed(0).padStart(5)} KB in all  ${entry}`,
    );
}
