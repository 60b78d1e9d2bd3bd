/**
 * The esbuild plugins of the Lambda bundles (bin/build-functions.mjs): each one removes code a
 * function would load at every cold start without ever running it.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const bundlePlugins = ({ root, runtime }) => [
  importsPastBarrels,
  sdkPackageVersionOnly,
  zodEnglishOnly(root),
  lambdaCredentialsOnly(runtime),
  phoneMetadataAsJson,
];

/**
 * The AWS SDK's modules import each other through index files that re-export a whole package
 * (`import { RpcProtocol } from "@smithy/core/protocols"`). esbuild splits code into chunks by the
 * files an entry can reach, so through such an index the index.mjs of a function reaches the code
 * of every protocol, and what only a client loaded on first use needs (the SNS client's query
 * protocol and XML parser) lands in a chunk loaded at start. Importing each name from the file
 * that defines it leaves the index out: each client's code stays in its own chunk.
 */
const SDK_MODULE = /[\\/]node_modules[\\/]@(aws-sdk|smithy)[\\/].*[\\/]dist-es[\\/].*\.js$/;
const NAMED_IMPORT = /\bimport\s*\{([^}]*)\}\s*from\s*"([^"]+)";/g;
const NAMED_REEXPORT = /\bexport\s*\{([^}]*)\}\s*from\s*"([^"]+)";/g;

/** `a, b as c` → [{ imported: 'a', local: 'a' }, { imported: 'b', local: 'c' }] */
const specifiers = (list) =>
  list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const [imported, local = imported] = item.split(/\s+as\s+/);
      return { imported, local };
    });

const importsPastBarrels = {
  name: 'imports-past-barrels',
  setup(build) {
    /** Per index file: each name it re-exports → the file and name that define it; null if not only re-exports. */
    const barrels = new Map();
    const resolve = async (specifier, fromDirectory) => {
      const found = await build.resolve(specifier, { resolveDir: fromDirectory, kind: 'import-statement' });
      return found.errors.length > 0 || found.external ? undefined : found.path;
    };
    const barrelAt = (path) => {
      if (!barrels.has(path)) barrels.set(path, readBarrel(path));
      return barrels.get(path);
    };
    async function readBarrel(path) {
      const text = await readFile(path, 'utf8');
      if (
        text
          .replace(NAMED_REEXPORT, '')
          .replace(/\/\/.*$/gm, '')
          .trim() !== ''
      )
        return null;
      const definitions = new Map();
      for (const [, list, specifier] of text.matchAll(NAMED_REEXPORT)) {
        const target = await resolve(specifier, dirname(path));
        if (!target) continue;
        const inner = SDK_MODULE.test(target) ? await barrelAt(target) : null;
        for (const { imported, local } of specifiers(list))
          definitions.set(local, inner?.get(imported) ?? { path: target, name: imported });
      }
      return definitions;
    }
    build.onLoad({ filter: SDK_MODULE }, async (args) => {
      const directory = dirname(args.path);
      let contents = await readFile(args.path, 'utf8');
      for (const [statement, list, specifier] of [...contents.matchAll(NAMED_IMPORT)]) {
        const target = await resolve(specifier, directory);
        const barrel = target && SDK_MODULE.test(target) ? await barrelAt(target) : null;
        if (!barrel) continue;
        const bySource = new Map();
        const unresolved = [];
        for (const { imported, local } of specifiers(list)) {
          const definition = barrel.get(imported);
          if (!definition) unresolved.push(`${imported} as ${local}`);
          else
            bySource.set(definition.path, [...(bySource.get(definition.path) ?? []), `${definition.name} as ${local}`]);
        }
        if (unresolved.length > 0) bySource.set(specifier, unresolved);
        const direct = [...bySource].map(
          ([source, names]) => `import { ${names.join(', ')} } from ${JSON.stringify(source)};`,
        );
        contents = contents.replace(statement, direct.join(' '));
      }
      return { contents, loader: 'js', resolveDir: directory };
    });
  },
};

/** Each SDK client imports its whole package.json for one field, the version in its user agent. */
const sdkPackageVersionOnly = {
  name: 'sdk-package-version-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]@aws-sdk[\\/][^\\/]+[\\/]package\.json$/ }, async (args) => {
      const { version } = JSON.parse(await readFile(args.path, 'utf8'));
      return { contents: JSON.stringify({ version }), loader: 'json' };
    });
  },
};

/**
 * zod exports every one of its ~60 locales through its `z` namespace, so a bundler cannot drop
 * them: 250 KB of error messages in languages Lifeboat never shows. Keep English only.
 */
const zodEnglishOnly = (root) => ({
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'zod-english-only' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({
      contents: 'export { default as en } from "zod/v4/locales/en.js";',
      resolveDir: root,
    }));
  },
});

/**
 * libphonenumber's metadata is a 150 KB object literal; V8 reads the same data as a JSON string
 * handed to JSON.parse markedly faster, which shortens the cold start of every subscriber route.
 */
const phoneMetadataAsJson = {
  name: 'phone-metadata-as-json',
  setup(build) {
    build.onLoad({ filter: /libphonenumber-js[\\/]metadata\.\w+\.json\.js$/ }, async (args) => {
      const json = await readFile(args.path.replace(/\.js$/, ''), 'utf8');
      return {
        contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(json)))});`,
        loader: 'js',
      };
    });
  },
};

/** Lambda's credentials are in its environment: the SDK's full default chain is dead weight there. */
const lambdaCredentialsOnly = (runtime) => ({
  name: 'lambda-credentials-only',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: join(runtime, 'lambda-credentials.ts'),
    }));
  },
});
