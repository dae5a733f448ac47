/**
 * One table of analysable files (shared/src/fileKinds.ts): the manifest's activation events, the client's document
 * selector, the server's watcher and the analyzer's documentKind must all say the same.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { ACTIVATION_EVENTS, DOCUMENT_SELECTOR, documentKind, FILE_KINDS, NOTEBOOK_TYPES, textKindOf, WATCH_GLOBS } from '../../../shared/src/fileKinds';
import { repoPath } from '../../util/paths';

/** `**\/{a,b,*.c}` → a RegExp over paths (the only glob shape the table produces). */
function globRegex(glob: string): RegExp {
  const m = /^\*\*\/\{(.*)\}$/.exec(glob);
  assert.ok(m, `unexpected glob shape: ${glob}`);
  const alts = m[1].split(',').map(a => a.split('*').map(p => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'));
  return new RegExp(`(^|/)(${alts.join('|')})$`, 'i');
}

const SAMPLES: [string, string | undefined][] = [
  ['src/train.py', 'python'], ['tool.pyw', 'python'], ['nb/explore.ipynb', 'notebook'], ['README.md', 'markdown'],
  ['docs/guide.markdown', 'markdown'], ['project.yaml', 'yaml'], ['.github/workflows/ci.yml', 'yaml'],
  ['.gitlab-ci.yml', 'yaml'], ['.env', 'env'], ['conf/mlrun.env', 'env'], ['prod.env', 'env'], ['.env.local', 'env'],
  ['secrets.txt', 'env'], ['SECRETS.TXT', 'env'], ['notes.txt', undefined], ['setup.cfg', undefined], ['env', undefined],
  ['a.py.bak', undefined], ['x.json', undefined], ['.mlrun-secrets.json', undefined],
];

describe('analysable file kinds: one table', () => {
  const pkg = JSON.parse(fs.readFileSync(repoPath('package.json'), 'utf8')) as { activationEvents: string[] };

  it('package.json activates on exactly the languages and notebook types of the table', () => {
    const fileEvents = pkg.activationEvents.filter(e => e.startsWith('onLanguage:') || e.startsWith('onNotebook:'));
    assert.deepEqual([...fileEvents].sort(), [...ACTIVATION_EVENTS].sort());
  });

  it('documentKind, the watcher and the document selector agree on every sample name', () => {
    const watch = WATCH_GLOBS.map(globRegex);
    const byName = DOCUMENT_SELECTOR.filter(f => f.pattern).map(f => globRegex(f.pattern!));
    for (const [name, kind] of SAMPLES) {
      assert.equal(documentKind(name), kind, name);
      if (kind) assert.ok(watch.some(r => r.test(name)), `${name} is not watched`);
      const entry = FILE_KINDS.find(k => k.kind === kind);
      if (entry?.byName) assert.ok(byName.some(r => r.test(name)), `${name} is not selected by name`);
    }
    assert.ok(watch.some(r => r.test('sub/.mlrun-secrets.json')) && watch.some(r => r.test('.gitignore')), 'configuration files are watched');
  });

  it('open documents get their kind from the language id, else from the name', () => {
    assert.equal(textKindOf('python', 'untitled:Untitled-1'), 'python');
    assert.equal(textKindOf('plaintext', 'file:///w/secrets.txt'), 'env');
    assert.equal(textKindOf('properties', 'file:///w/.env?x=1'), 'env');
    assert.equal(textKindOf('json', 'file:///w/nb.ipynb'), undefined, 'notebooks come through notebook sync');
    assert.equal(textKindOf('plaintext', 'file:///w/notes.txt'), undefined);
    assert.equal(textKindOf('github-actions-workflow', 'file:///w/.github/workflows/ci.yml'), 'yaml');
    assert.deepEqual(NOTEBOOK_TYPES, ['jupyter-notebook']);
  });

  it('no other place lists file extensions of its own', () => {
    for (const file of ['client/src/languageServer.ts', 'server/src/server.ts', 'server/src/documents/openDocs.ts', 'server/src/workspace/listFiles.ts', 'server/src/analysis/analyzeFile.ts']) {
      const text = fs.readFileSync(repoPath(...file.split('/')), 'utf8');
      assert.doesNotMatch(text, /['"`][^'"`\n]*\*\.(py|ipynb|ya?ml|md)\b|endsWith\('\.(py|ipynb|ya?ml|md)'\)|\{ scheme: '[^']+', language: '(python|yaml|markdown)'/, file);
    }
  });
});
