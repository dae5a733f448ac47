// Bundles the extension with esbuild (esbuild does not type-check: `npm run typecheck` does).
//   node scripts/build.mjs               dev build: source maps, no minification
//   node scripts/build.mjs --production  what the .vsix ships: minified, no source maps
//   node scripts/build.mjs --watch       rebuild on change
//   --outdir <dir>                       build elsewhere than dist/ (tests); --meta also writes <dir>/meta/*.json
// Every build writes <dir>/ThirdPartyNotices.txt (scripts/notices.mjs) from esbuild's metafiles.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, chmodSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectPackages, renderNotices } from './notices.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const writeMeta = process.argv.includes('--meta');
const outdirArg = process.argv.indexOf('--outdir');
const dist = outdirArg > 0 ? resolve(process.argv[outdirArg + 1]) : join(root, 'dist');

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
  // The analyzer creates closures on every edit; esbuild's keepNames would wrap each in a `__name` call (about 0.2 ms
  // of a 10,000-line file's edit). No server or CLI code reads a function's name.
  { in: 'server/src/server.ts', out: 'server', plugins: [vendorPlugin], keepNames: false },
  { in: 'server/src/cli.ts', out: 'cli', banner: '#!/usr/bin/env node', plugins: [vendorPlugin], keepNames: false },
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
  // Licences are in ThirdPartyNotices.txt (below), not scattered through minified code.
  legalComments: 'none',
  metafile: true,
};

/** Files the build copies from packages (their licences go into the notices too). */
const COPIED = [
  require.resolve('web-tree-sitter/tree-sitter.wasm'),
  join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'),
];

function copyAssets() {
  mkdirSync(dist, { recursive: true });
  for (const file of COPIED) copyFileSync(file, join(dist, file.split('/').at(-1)));
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
    keepNames: e.keepNames ?? common.keepNames,
  })));
  if (watch) {
    await Promise.all(contexts.map(c => c.watch()));
    console.log(`[build] watching ${present.length} bundles`);
    return;
  }
  const t0 = Date.now();
  const results = await Promise.all(contexts.map(c => c.rebuild()));
  await Promise.all(contexts.map(c => c.dispose()));
  const metafiles = results.map(r => r.metafile);
  const packages = collectPackages(root, metafiles, COPIED.map(f => relative(root, f)));
  writeFileSync(join(dist, 'ThirdPartyNotices.txt'), renderNotices(packages, 'MLRun Secrets'));
  if (writeMeta) {
    mkdirSync(join(dist, 'meta'), { recursive: true });
    present.forEach((e, i) => writeFileSync(join(dist, 'meta', `${e.out.replace(/\//g, '-')}.json`), JSON.stringify(metafiles[i])));
  }
  if (existsSync(join(dist, 'cli.js'))) chmodSync(join(dist, 'cli.js'), 0o755);
  console.log(`[build] ${present.length} bundles${production ? ' (production)' : ''} in ${Date.now() - t0} ms; notices for ${packages.length} packages`);
}

main().catch(e => { console.error(e); process.exit(1); });
