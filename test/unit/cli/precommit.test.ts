import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parse } from 'yaml';
import { PRECOMMIT_FILES } from '../../../shared/src/fileKinds';
import { repoPath } from '../../util/paths';

describe('.pre-commit-hooks.yaml', () => {
  it('declares a node hook whose entry is the package bin', () => {
    const hooks = parse(fs.readFileSync(repoPath('.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
    const pkg = JSON.parse(fs.readFileSync(repoPath('package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    assert.equal(hooks.length, 1);
    const hook = hooks[0];
    assert.equal(hook.id, 'mlrun-secrets-lint');
    assert.equal(hook.language, 'node');
    assert.ok(Object.keys(pkg.bin).includes(hook.entry as string));
    assert.equal(pkg.bin[hook.entry as string], 'dist/cli.js');
    assert.equal(hook.files, PRECOMMIT_FILES, 'the hook runs on the analysed file kinds (shared/src/fileKinds.ts)');
    assert.deepEqual(hook.types, ['file']);
    assert.ok(pkg.scripts.prepare.includes('build'), 'pre-commit installs with npm: prepare builds dist/');
  });

  it('packs dist/ into the npm package (pre-commit installs the packed package)', () => {
    const rules = fs.readFileSync(repoPath('.npmignore'), 'utf8').split('\n').map(l => l.trim());
    for (const needed of ['!dist/', '!dist/cli.js', '!dist/*.wasm']) assert.ok(rules.includes(needed), needed);
  });
});
