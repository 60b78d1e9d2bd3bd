import * as esbuild from 'esbuild';
const entry = process.argv[2];
const zodLocales = { name: 'zod-english-only', setup(b) { b.onResolve({ filter: /locales\/index\.js$/ }, (a) => a.importer.includes('/zod/') ? { path: 'zod-locales', namespace: 'zodloc' } : undefined); b.onLoad({ filter: /.*/, namespace: 'zodloc' }, () => ({ contents: 'export { default as en } from "zod/v4/locales/en.js";', resolveDir: process.cwd() })); } };
const r = await esbuild.build({ entryPoints:[entry], bundle:true, minify:true, treeShaking:true, format:'esm', platform:'node', target:'node22', mainFields:['module','main'], write:true, metafile:true, outfile:'/tmp/n12/out.mjs', logLevel:'error', legalComments:'none', plugins:[zodLocales],
 banner:{js:"import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"}});
const out = Object.values(r.metafile.outputs)[0];
console.log('total', out.bytes);
const by = {};
for (const [f, v] of Object.entries(out.inputs)) { const m = f.match(/node_modules\/((@[^/]+\/)?[^/]+)/); const k = m ? m[1] : f.split('/').slice(0,2).join('/'); by[k]=(by[k]||0)+v.bytesInOutput; }
console.log(Object.entries(by).sort((a,b)=>b[1]-a[1]).slice(0,12).map(([k,v])=>`${k} ${(v/1024).toFixed(0)}K`).join('\n'));
