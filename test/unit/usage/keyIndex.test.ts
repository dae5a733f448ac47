import assert from 'node:assert/strict';
import { initPython } from '../../../server/src/analysis/parser';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { fileUsages, keyContent } from '../../../server/src/usage/extract';
import { KeyIndex, MAX_USAGES, MAX_USAGES_PER_FILE, type IndexedUsage } from '../../../server/src/usage/keyIndex';

const PY = [
  'import mlrun',
  'def handler(context):',
  '    a = context.get_secret("DB_PASSWORD")',
  '    b = mlrun.get_secret_or_env(key="API_TOKEN")',
  '    c = context.get_secret("K" "X")',
  'task = mlrun.new_task().with_secrets("kubernetes", ["DB_PASSWORD", \'S3_KEY\'])',
  'project.set_secrets({"WRITTEN": "x"})',
  'client.get_secret("NOT_MLRUN")',
  '',
].join('\n');

function usage(key: string, line = 0): IndexedUsage {
  const range = { start: { line, character: 0 }, end: { line, character: key.length + 2 } };
  return { key, kind: 'read', uri: 'file:///w/a.py', range, content: range };
}

describe('key usage index: extraction', () => {
  before(() => initPython());

  it('finds reads, kubernetes lists and set_secrets keys in Python, not a cloud SDK get_secret', () => {
    const { usages } = fileUsages('python', PY);
    assert.deepEqual(usages.map(u => `${u.kind}:${u.key}`), ['read:DB_PASSWORD', 'read:API_TOKEN', 'read:KX', 'read:DB_PASSWORD', 'read:S3_KEY', 'write:WRITTEN']);
    for (const u of usages) {
      if (u.key === 'KX') assert.equal(u.content, null, 'implicit concatenation cannot be renamed in place');
      else assert.equal(PY.slice(u.content!.s, u.content!.e), u.key);
    }
  });

  it('finds the keys MLS004 reports, no more and no fewer (Python, notebook, Markdown, YAML)', () => {
    const project = { project: 'p', backend: 'kubernetes', keys: new Set(['S3_KEY']) };
    const nb = JSON.stringify({ cells: [
      { cell_type: 'markdown', metadata: {}, source: ['get_secret("NOT_CODE")'] },
      { cell_type: 'code', metadata: {}, source: ['x = context.get_secret("NB_KEY")\n', 'y = context.get_secret("S3_KEY")\n'] },
    ], metadata: {} }, null, 1);
    const md = '# Doc\n\n```python\ncontext.get_secret("MD_KEY")\n```\n\nget_secret("PROSE")\n';
    const yaml = 'kind: project\nspec:\n  secret_sources:\n  - kind: kubernetes\n    source: [Y_KEY, "S3_KEY"]\n';
    for (const [kind, text] of [['python', PY], ['notebook', nb], ['markdown', md], ['yaml', yaml]] as const) {
      const mls004 = analyzeText(kind, text, { project }).findings.filter(f => f.rule === 'MLS004').map(f => `${f.module}:${f.span.s}`);
      const reads = fileUsages(kind, text).usages.filter(u => u.kind === 'read' && !project.keys.has(u.key)).map(u => `${u.unit}:${u.span.s}`);
      assert.deepEqual(reads, mls004, kind);
    }
    assert.deepEqual(fileUsages('notebook', nb).usages.map(u => [u.unit, u.key]), [[0, 'NB_KEY'], [0, 'S3_KEY']], 'unit = index among code cells');
    const mdUse = fileUsages('markdown', md).usages;
    assert.deepEqual(mdUse.map(u => md.slice(u.content!.s, u.content!.e)), ['MD_KEY'], 'Markdown offsets map back to the document');
    assert.deepEqual(fileUsages('yaml', yaml).usages.map(u => yaml.slice(u.content!.s, u.content!.e)), ['Y_KEY', 'S3_KEY']);
  });

  it('finds MLRUN_K8S_SECRET__ variable names in strings (not comments or names), even without a secret call', () => {
    const text = [
      'import os',
      '# os.environ["MLRUN_K8S_SECRET__IN_COMMENT"]',
      'MLRUN_K8S_SECRET__NAME = 1',
      'password = os.environ["MLRUN_K8S_SECRET__DB_PASSWORD"]',
      'token = os.getenv(\'MLRUN_K8S_SECRET__API_TOKEN\', "")',
      'prefix = "MLRUN_K8S_SECRET__"',
      '',
    ].join('\n');
    const found = fileUsages('python', text).usages;
    assert.deepEqual(found.map(u => `${u.kind}:${u.key}`), ['env:DB_PASSWORD', 'env:API_TOKEN']);
    assert.ok(found.every(u => u.content === null), 'a variable name is not renamed with its key');
    const nb = JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, source: ['os.environ["MLRUN_K8S_SECRET__NB"]'] }], metadata: {} });
    assert.deepEqual(fileUsages('notebook', nb).usages.map(u => u.key), ['NB']);
  });

  it('reads the key content of quoted, triple-quoted, prefixed and plain literals', () => {
    const t = `r"A" '''B''' C "D\\n"`;
    assert.deepEqual(keyContent(t, { s: 0, e: 4 }, 'A'), { s: 2, e: 3 });
    assert.deepEqual(keyContent(t, { s: 5, e: 12 }, 'B'), { s: 8, e: 9 });
    assert.deepEqual(keyContent(t, { s: 13, e: 14 }, 'C'), { s: 13, e: 14 });
    assert.equal(keyContent(t, { s: 15, e: 20 }, 'D\n'), null, 'an escape is not the key as written');
  });
});

describe('key usage index: documents', () => {
  it('adds, changes and deletes files; an open document shadows its disk state until it closes', () => {
    const index = new KeyIndex();
    let changes = 0;
    index.onDidChange(() => changes++);
    index.setDisk('file:///w/a.py', [usage('A'), usage('B', 1)]);
    assert.equal(changes, 1);
    index.setDisk('file:///w/a.py', [usage('A'), usage('B', 1)]);
    assert.equal(changes, 1, 'the same keys again: nothing to redraw');
    index.setDisk('file:///w/b.py', [usage('A')]);
    assert.deepEqual([...index.byOwner()].map(([o, u]) => [o, u.map(x => x.key)]), [['file:///w/a.py', ['A', 'B']], ['file:///w/b.py', ['A']]]);
    index.setOpen('file:///w/a.py', [usage('C')]);
    assert.deepEqual([...index.byOwner()].map(([o, u]) => [o, u.map(x => x.key)]).sort(), [['file:///w/a.py', ['C']], ['file:///w/b.py', ['A']]]);
    index.setOpen('file:///w/a.py', []);
    assert.deepEqual([...index.byOwner()].map(([o]) => o), ['file:///w/b.py'], 'an open document without keys hides its disk state');
    index.closeOpen('file:///w/a.py');
    assert.equal(index.size, 3, 'closed: the disk state counts again');
    const before = changes;
    index.deleteDisk('file:///w/a.py');
    assert.equal(index.size, 1);
    assert.equal(changes, before + 1);
  });

  it('keeps to its bound and says when it is cut short', () => {
    const index = new KeyIndex();
    index.setDisk('file:///w/big.py', Array.from({ length: MAX_USAGES_PER_FILE + 5 }, (_, i) => usage(`K${i}`, i)));
    assert.equal(index.size, MAX_USAGES_PER_FILE);
    assert.equal(index.truncated, true);
    index.setDisk('file:///w/big.py', [usage('K')]);
    assert.equal(index.truncated, false, 'within the bound again');
    const perFile = 900;
    let n = 0;
    for (let i = 0; n + perFile <= MAX_USAGES; i++, n += perFile) index.setDisk(`file:///w/f${i}.py`, Array.from({ length: perFile }, (_, j) => usage(`K${j}`, j)));
    assert.equal(index.truncated, false);
    index.setDisk('file:///w/over.py', Array.from({ length: perFile }, (_, j) => usage(`K${j}`, j)));
    assert.equal(index.truncated, true, 'a file past the total bound is left out');
    assert.ok(index.size <= MAX_USAGES);
  });
});
