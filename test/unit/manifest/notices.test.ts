/**
 * Third-party notices: a production build (into a temporary folder) writes ThirdPartyNotices.txt; every package
 * esbuild's metafiles show code from, and every package the build copies WASM from, is listed with the licence its
 * package.json declares and the licence texts it ships; the .vsix and the npm package carry the file.
 * Packages are found here by walking up from each input to the nearest package.json that has a name — not the way
 * scripts/notices.mjs finds them (from the node_modules path), so the two check each other.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../../..');

function owningPackage(file: string): { dir: string; pkg: { name: string; version: string; license?: unknown } } {
  let dir = path.dirname(path.join(root, file));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      if (typeof pkg.name === 'string' && typeof pkg.version === 'string') return { dir, pkg };
    }
    const up = path.dirname(dir);
    assert.notEqual(up, dir, `no package.json above ${file}`);
    dir = up;
  }
}

describe('third-party notices', function () {
  this.timeout(180_000);
  let out: string;
  let notices: string;
  let metas: { inputs: Record<string, unknown> }[];

  before(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'mlrun-secrets-notices-'));
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--production', '--outdir', out, '--meta'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    notices = fs.readFileSync(path.join(out, 'ThirdPartyNotices.txt'), 'utf8');
    metas = fs.readdirSync(path.join(out, 'meta')).map(f => JSON.parse(fs.readFileSync(path.join(out, 'meta', f), 'utf8')));
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('has one metafile per bundle, the shipped bundles included', () => {
    assert.ok(metas.length >= 7, `${metas.length} metafiles`);
  });

  it('lists every bundled package (and the WASM sources) with its declared licence and its licence texts', () => {
    const inputs = metas.flatMap(m => Object.keys(m.inputs)).filter(f => f.includes('node_modules/'));
    const wasm = [require.resolve('web-tree-sitter/tree-sitter.wasm'), require.resolve('tree-sitter-python/package.json')].map(f => path.relative(root, f));
    const packages = new Map<string, { dir: string; pkg: { name: string; version: string; license?: unknown } }>();
    for (const f of [...inputs, ...wasm]) {
      const p = owningPackage(f);
      packages.set(`${p.pkg.name}@${p.pkg.version}`, p);
    }
    assert.ok(packages.size > 20, `${packages.size} packages`);
    for (const name of ['yaml', 'vscode-languageclient', '@kubernetes/client-node', '@azure/identity', 'web-tree-sitter', 'tree-sitter-python']) {
      assert.ok([...packages.values()].some(p => p.pkg.name === name), `${name} is bundled or copied`);
    }
    for (const { dir, pkg } of packages.values()) {
      const licence = typeof pkg.license === 'string' ? pkg.license : (pkg.license as { type?: string } | undefined)?.type;
      assert.ok(licence, `${pkg.name} declares a licence`);
      assert.ok(notices.includes(`- ${pkg.name} ${pkg.version} (${licence})`), `${pkg.name} ${pkg.version} (${licence}) is listed`);
      const files = fs.readdirSync(dir).filter(f => /^(licen[cs]e|copying|notice)([.-].*)?$/i.test(f));
      for (const f of files) {
        const text = fs.readFileSync(path.join(dir, f), 'utf8').trim();
        assert.ok(notices.includes(text), `${pkg.name}: the text of ${f} is in the notices`);
      }
    }
    const listed = notices.split('\n').filter(l => /^- \S+ \S+ \(.+\)$/.test(l));
    assert.equal(listed.length, packages.size, 'and nothing else is listed');
  });

  it('ships in the .vsix and in the npm package', () => {
    for (const file of ['.vscodeignore', '.npmignore']) {
      const rules = fs.readFileSync(path.join(root, file), 'utf8').split('\n').map(l => l.trim());
      assert.ok(rules.includes('!dist/ThirdPartyNotices.txt'), `${file} keeps dist/ThirdPartyNotices.txt`);
    }
  });
});
