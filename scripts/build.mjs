// Bundles the extension with esbuild (esbuild does not type-check: `npm run typecheck` does).
//   node scripts/build.mjs               dev build: source maps, no minification
//   node scripts/build.mjs --production  what the .vsix ships: minified, no source maps
//   node scripts/build.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const dist = join(root, 'dist');

/** One bundle per entry; backends are separate bundles that the extension `require`s on first use. */
// Large libraries the language server and the CLI need only for some files (YAML documents, files that must be
// parsed) live in their own bundles beside them, so starting the CLI does not compile them (`vendor` below).
const VENDOR = {
  'yaml': 'vendor/yaml', 'web-tree-sitter': 'vendor/web-tree-sitter', 'markdown-it': 'vendor/markdown-it', 'jsonc-parser': 'vendor/jsonc-parser',
};
const vendorPlugin = {
  name: 'vendor',
  setup(build) {
    build.onResolve({ filter: /^(yaml|web-tree-sitter|markdown-it|jsonc-parser)$/ }, args => ({ path: `./${VENDOR[args.path]}.js`, external: true }));
  },
};

const entries = [
  { in: 'client/src/extension.ts', out: 'extension' },
  { in: 'server/src/server.ts', out: 'server', plugins: [vendorPlugin] },
  { in: 'server/src/cli.ts', out: 'cli', banner: '#!/usr/bin/env node', plugins: [vendorPlugin] },
  { in: require.resolve('yaml'), out: VENDOR.yaml },
  { in: require.resolve('markdown-it'), out: VENDOR['markdown-it'] },
  // jsonc-parser's ESM build: its UMD build `require`s its parts at run time, which a bundle cannot resolve.
  { in: join(dirname(require.resolve('jsonc-parser/package.json')), 'lib/esm/main.js'), out: VENDOR['jsonc-parser'] },
  // web-tree-sitter's CommonJS build (its ESM build does not work inside a CommonJS bundle).
  { in: require.resolve('web-tree-sitter'), out: VENDOR['web-tree-sitter'] },
  { in: 'client/src/backends/kubernetes/index.ts', out: 'backends/kubernetes' },
  { in: 'client/src/backends/azure/index.ts', out: 'backends/azure' },
];

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  minify: production,
  keepNames: true,
  logLevel: 'warning',
  // Lets client code tell the bundle from the tsc output that tests run (see client/src/backends/load.ts).
  define: { 'process.env.MLRUN_SECRETS_BUNDLED': '"1"' },
  absWorkingDir: root,
  legalComments: 'none',
};

function copyAssets() {
  mkdirSync(dist, { recursive: true });
  copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), join(dist, 'tree-sitter.wasm'));
  copyFileSync(join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'),
    join(dist, 'tree-sitter-python.wasm'));
  // The fallback job runner local runs use when `import mlrun` fails (client/src/jobs/local/localJob.ts).
  mkdirSync(join(dist, 'jobs'), { recursive: true });
  copyFileSync(join(root, 'client/src/jobs/local/runner.py'), join(dist, 'jobs', 'runner.py'));
}

async function main() {
  const { existsSync } = await import('node:fs');
  const present = entries.filter(e => existsSync(e.in.startsWith('/') ? e.in : join(root, e.in)));
  if (!watch) rmSync(dist, { recursive: true, force: true });
  copyAssets();
  const contexts = await Promise.all(present.map(e => esbuild.context({
    ...common,
    entryPoints: { [e.out]: e.in },
    outdir: dist,
    banner: e.banner ? { js: e.banner } : undefined,
    plugins: e.plugins ?? [],
  })));
  if (watch) {
    await Promise.all(contexts.map(c => c.watch()));
    console.log(`[build] watching ${present.length} bundles`);
    return;
  }
  const t0 = Date.now();
  await Promise.all(contexts.map(c => c.rebuild()));
  await Promise.all(contexts.map(c => c.dispose()));
  if (existsSync(join(dist, 'cli.js'))) chmodSync(join(dist, 'cli.js'), 0o755);
  console.log(`[build] ${present.length} bundles${production ? ' (production)' : ''} in ${Date.now() - t0} ms`);
}

main().catch(e => { console.error(e); process.exit(1); });
