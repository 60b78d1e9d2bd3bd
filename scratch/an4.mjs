import * as b from '../bin/build-functions.mjs';
await b.buildFunctions('/tmp/n12/an', process.argv.slice(2));
for (const [f, out] of Object.entries(b.lastMetafile.outputs)) {
const by = {};
for (const [f, v] of Object.entries(out.inputs)) { const m = f.match(/node_modules\/((@[^/]+\/)?[^/]+)\/(.*)/); const k = m ? m[1] : f.split('/').slice(0,2).join('/'); by[k]=(by[k]||0)+v.bytesInOutput; }
console.log(f, out.bytes); console.log(Object.entries(by).sort((a,b)=>b[1]-a[1]).slice(0,30).map(([k,v])=>`  ${k} ${(v/1024).toFixed(1)}K`).join('\n'));
}
