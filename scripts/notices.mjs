// Third-party notices for what the bundles contain: every package esbuild took code from (the metafiles' inputs)
// and every package whose files the build copies (the tree-sitter WASM), each with its version, its declared
// licence and the licence texts it ships. scripts/build.mjs writes the result to dist/ThirdPartyNotices.txt, which
// the .vsix and the npm package carry (the bundles are minified with legalComments 'none').
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `node_modules/a/…`, `node_modules/@s/b/…`, `node_modules/a/node_modules/c/…` → the innermost package folder. */
export function packageDirOf(input) {
  const parts = input.split('/');
  let at = -1;
  for (let i = 0; i < parts.length; i++) if (parts[i] === 'node_modules') at = i;
  if (at < 0 || at + 1 >= parts.length) return undefined;
  const scoped = parts[at + 1].startsWith('@');
  return parts.slice(0, at + (scoped ? 3 : 2)).join('/');
}

const LICENCE_FILE = /^(licen[cs]e|copying|notice)([.-].*)?$/i;

function licenceOf(pkg) {
  if (typeof pkg.license === 'string') return pkg.license;
  if (pkg.license && typeof pkg.license.type === 'string') return pkg.license.type;
  if (Array.isArray(pkg.licenses)) return pkg.licenses.map(l => (typeof l === 'string' ? l : l.type)).join(' OR ');
  return 'UNKNOWN';
}

/** One entry per package (sorted by name), from the input paths of every metafile and the copied files. */
export function collectPackages(root, metafiles, copiedFrom = []) {
  const dirs = new Set(copiedFrom.map(packageDirOf).filter(Boolean));
  for (const meta of metafiles) for (const input of Object.keys(meta.inputs)) {
    const dir = packageDirOf(input);
    if (dir) dirs.add(dir);
  }
  const byName = new Map();
  for (const dir of dirs) {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const texts = readdirSync(join(root, dir)).filter(f => LICENCE_FILE.test(f)).sort()
      .map(f => ({ file: f, text: readFileSync(join(root, dir, f), 'utf8').trim() }));
    const key = `${pkg.name}@${pkg.version}`;
    const author = typeof pkg.author === 'string' ? pkg.author : pkg.author?.name;
    if (!byName.has(key)) byName.set(key, { name: pkg.name, version: pkg.version, license: licenceOf(pkg), homepage: pkg.homepage, author, texts });
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
}

export function renderNotices(packages, product) {
  const rule = '-'.repeat(78);
  const out = [
    `${product}: third-party notices`,
    '',
    `The bundles in dist/ contain code from the packages below (and the WASM files copied from them). Each is`,
    `listed with its version and licence, followed by the licence texts the package ships.`,
    '',
    ...packages.map(p => `- ${p.name} ${p.version} (${p.license})`),
    '',
  ];
  for (const p of packages) {
    out.push(rule, `${p.name} ${p.version}`, `License: ${p.license}`);
    if (p.author) out.push(`Author: ${p.author}`);
    if (p.homepage) out.push(`Homepage: ${p.homepage}`);
    out.push('');
    if (p.texts.length === 0) out.push(`(The package ships no licence file; its package.json declares ${p.license}.)`, '');
    for (const t of p.texts) out.push(`${t.file}:`, '', t.text, '');
  }
  return out.join('\n');
}
