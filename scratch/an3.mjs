import * as b from '../bin/build-functions.mjs';
await b.buildFunctions('/tmp/n12/an', process.argv.slice(2));
for (const [f, out] of Object.entries(b.lastMetafile.outputs)) {
const by = {};
for (const [f, v] of Object.entries(out.inputs)) { const m = f.match(/node_modules\/((@[^/]+\/)?[^/]+)\/(.*)/); const k = m ? m[1]+'/'+m[3].split('/').slice(0,4).join('/') : f; by[k]=(by[k]||0)+v.bytesInOutput; }
console.log(f, out.bytes); console.log(Object.entries(by).sort((a,b)=>b[1]-a[1]).slice(0,25).map(([k,v])=>`  ${k} ${(v/1024).toFixed(0)}K`).join('\n'));
}
