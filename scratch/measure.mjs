import * as esbuild from 'esbuild';
const entry = process.argv[2];
const r = await esbuild.build({ entryPoints:[entry], bundle:true, minify:true, format:'esm', platform:'node', target:'node22', mainFields:['module','main'], write:false, metafile:true, outfile:'/tmp/n12/out.mjs', logLevel:'error',
 banner:{js:"import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"}});
const out = Object.values(r.metafile.outputs)[0];
console.log('total', out.bytes);
const by = {};
for (const [f, v] of Object.entries(out.inputs)) { const m = f.match(/node_modules\/((@[^/]+\/)?[^/]+)/); const k = m ? m[1] : f.split('/').slice(0,2).join('/'); by[k]=(by[k]||0)+v.bytesInOutput; }
console.log(Object.entries(by).sort((a,b)=>b[1]-a[1]).slice(0,25).map(([k,v])=>`${k} ${(v/1024).toFixed(0)}K`).join('\n'));
