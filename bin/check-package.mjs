#!/usr/bin/env node
/**
 * What a team adopting Lifeboat does on day one, offline: build and pack the package, install
 * the tarball into a fresh CDK app (extracted into its node_modules as npm lays it out; the
 * other packages are linked from this clone's node_modules, so nothing is downloaded), embed the
 * construct with the team's own config, and synthesize. Checks that every function carries that
 * config and no bundle holds this repository's, that the app type-checks against the package's
 * declarations, and that synth without an alarm destination fails saying how to fix it.
 *
 *   node bin/check-package.mjs [--keep]     (--keep leaves the temporary app for a look)
 */
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The embedding app of the README, with another team's page. */
export const EMBEDDING_APP = `import { App, Stack } from 'aws-cdk-lib';
import { Lifeboat } from 'lifeboat';

const app = new App();
const stack = new Stack(app, 'Ops', { env: { region: 'eu-west-3' } });
new Lifeboat(stack, 'Lifeboat', {
  config: {
    page: { id: 'globex', name: 'Globex Status', url: 'https://status.globex.example', timeZone: 'UTC', locale: 'en' },
    components: [{ id: 'api', name: 'API' }],
  },
  alarms: process.env.NO_ALARMS ? {} : { emails: ['oncall@globex.example'] },
});
app.synth();
`;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  return { ok: result.status === 0, stdout: result.stdout ?? '', out: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

export function checkPackage({ keep = false, log = console.log } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'lifeboat-package-'));
  const problems = [];
  try {
    const build = run('npm', ['run', 'build'], { cwd: ROOT });
    if (!build.ok) throw new Error(`npm run build failed:\n${build.out}`);
    const pack = run('npm', ['pack', '--pack-destination', work], { cwd: ROOT });
    const tarball = pack.stdout.trim().split('\n').pop();
    if (!pack.ok || !tarball?.endsWith('.tgz')) throw new Error(`npm pack failed:\n${pack.out}`);
    log(`packed ${tarball}`);

    const app = join(work, 'app');
    const modules = join(app, 'node_modules');
    mkdirSync(modules, { recursive: true });
    for (const name of readdirSync(join(ROOT, 'node_modules'))) {
      if (name !== 'lifeboat' && name !== '.bin' && !name.startsWith('.'))
        symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
    }
    const untar = run('tar', ['-xzf', join(work, tarball), '-C', modules]);
    if (!untar.ok) throw new Error(`tar failed: ${untar.out}`);
    renameSync(join(modules, 'package'), join(modules, 'lifeboat'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'globex-ops', private: true, type: 'module' }));
    writeFileSync(join(app, 'app.mjs'), EMBEDDING_APP);

    const outdir = join(app, 'cdk.out');
    const synth = run(process.execPath, ['app.mjs'], { cwd: app, env: { ...process.env, CDK_OUTDIR: outdir } });
    if (!synth.ok) throw new Error(`the embedding app did not synthesize:\n${synth.out}`);
    const template = JSON.parse(readFileSync(join(outdir, 'Ops.template.json'), 'utf8'));
    const functions = Object.values(template.Resources).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Handler === 'index.handler',
    );
    for (const fn of functions) {
      const dir = join(outdir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
      const config = JSON.parse(readFileSync(join(dir, 'lifeboat.config.json'), 'utf8'));
      if (config.page.name !== 'Globex Status')
        problems.push(`${fn.Properties.Description}: deployed with page "${config.page.name}"`);
      const files = readdirSync(dir, { recursive: true, encoding: 'utf8' });
      if (!files.includes('index.mjs')) problems.push(`${fn.Properties.Description}: has no index.mjs`);
      if (files.some((file) => file.endsWith('.mjs') && readFileSync(join(dir, file), 'utf8').includes('Acme Cloud')))
        problems.push(`${fn.Properties.Description}: its bundle holds "Acme Cloud"`);
      if (files.some((file) => file.endsWith('.map')))
        problems.push(`${fn.Properties.Description}: ships a source map`);
    }
    if (functions.length < 30) problems.push(`only ${functions.length} functions synthesized`);
    log(`synthesized ${functions.length} functions, each with the app's own config`);

    // The declarations: the same app in TypeScript type-checks against the package's types.
    writeFileSync(
      join(app, 'app.ts'),
      `${EMBEDDING_APP.replace("import { Lifeboat } from 'lifeboat';", "import { Lifeboat, type LifeboatProps } from 'lifeboat';")}\nexport type Props = LifeboatProps;\n`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        files: ['app.ts'],
      }),
    );
    const types = run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', app]);
    if (!types.ok) problems.push(`the embedding app does not type-check against the package:\n${types.out}`);
    else log("the embedding app type-checks against the package's declarations");

    const unwatched = run(process.execPath, ['app.mjs'], {
      cwd: app,
      env: { ...process.env, CDK_OUTDIR: join(app, 'cdk.out.unwatched'), NO_ALARMS: '1' },
    });
    if (unwatched.ok) problems.push('synth without an alarm destination succeeded');
    else if (!/reach nobody[\s\S]*alarms: \{ emails:/.test(unwatched.out))
      problems.push(`synth without an alarm destination failed without saying how to fix it:\n${unwatched.out}`);
    else log('synth without an alarm destination fails, saying how to fix it');
    return { problems, app };
  } finally {
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { problems, app } = checkPackage({ keep: process.argv.includes('--keep') });
  for (const problem of problems) console.error(`FAIL ${problem}`);
  if (problems.length) process.exit(1);
  console.log(`OK${process.argv.includes('--keep') ? ` (the app is in ${app})` : ''}`);
}
