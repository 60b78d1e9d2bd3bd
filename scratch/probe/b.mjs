import * as esbuild from 'esbuild';
const zodEnglishOnly = { name: 'z', setup(build) { build.onResolve({ filter: /locales\/index\.js$/ }, (args) => /[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'z' } : undefined); build.onLoad({ filter: /.*/, namespace: 'z' }, () => ({ contents: 'export { default as en } from "zod/v4/locales/en.js";', resolveDir: process.cwd() })); } };
const cred = { name: 'c', setup(build) { build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({ path: process.cwd() + '/lambdas/runtime/lambda-credentials.ts' })); } };
for (const n of ['zod','ddb','log']) {
  await esbuild.build({ entryPoints: [`scratch/probe/${n}.ts`], outfile: `/tmp/n12/p-${n}.mjs`, bundle: true, format: 'esm', platform: 'node', target: 'node22', mainFields: ['module','main'], minify: true, plugins: [zodEnglishOnly, cred], banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" }, logLevel: 'error' });
}
