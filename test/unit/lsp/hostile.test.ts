/**
 * Hostile input may cost its own document a finding, never another's: text indented past what tree-sitter-python's
 * scanner survives, a parser that fails, out-of-range didChange positions, documents over the size limit; and a
 * seeded fuzz of all of them (replay with MLRUN_SECRETS_SEED=<seed>).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { TextDocumentItem } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_MAX_FILE_BYTES } from '../../../shared/src/limits';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { discardParser, indentDepthBound, initPython, MAX_INDENT_LEVELS, parsePythonChecked, parserGeneration } from '../../../server/src/analysis/parser';
import { clampPosition, OpenText } from '../../../server/src/documents/openDocs';
import { hostileDocument, INSECURE, nestedIfs } from '../../util/hostile';
import { fileUriOf } from '../../util/lspClient';
import { lspSuite } from '../../util/lspSuite';
import { Random, seedFromEnv } from '../../util/random';

function codes(findings: { rule?: string; code?: unknown }[]): string[] {
  return findings.map(f => String(f.rule ?? f.code)).sort();
}

describe('hostile input: the analyzer', () => {
  before(() => initPython());

  it('refuses text indented past the limit with MLS012 and keeps analysing the rest of the file and other files', () => {
    for (const depth of [600, 520, MAX_INDENT_LEVELS + 1]) {
      const r = analyzeText('python', `${nestedIfs(depth)}task.with_secrets("env", "A")\n`);
      assert.deepEqual(codes(r.findings), ['MLS001', 'MLS012'], `depth ${depth}`);
      const mls012 = r.findings.find(f => f.rule === 'MLS012')!;
      assert.equal(mls012.severity, 'information');
      assert.match(mls012.message, new RegExp(`indented to ${depth} levels \\(the parser's limit is ${MAX_INDENT_LEVELS}\\)`));
      assert.deepEqual(mls012.span, { s: 13, e: 18 }, 'on the first line of the refused statement');
      assert.deepEqual(codes(analyzeText('python', INSECURE).findings), ['MLS001', 'MLS003'], `after depth ${depth}`);
    }
    assert.deepEqual(codes(analyzeText('python', `${nestedIfs(MAX_INDENT_LEVELS)}task.with_secrets("env", "A")\n`).findings), ['MLS001'], 'at the limit: parsed');
  });

  it('bounds the scanner\'s indentation stack as the scanner measures it: tabs, form feeds, continuations, 16-bit widths', () => {
    assert.equal(indentDepthBound(nestedIfs(300, '\t')), 300);
    assert.equal(indentDepthBound('a\n  b\n\f  c\n    d\n'), 2, 'a form feed restarts the count');
    assert.equal(indentDepthBound('a\n  \\\n  b\n  c\n'), 2, 'backslash-newline continues it: widths 4 and 2');
    assert.equal(indentDepthBound(`a\n${' '.repeat(65536 + 3)}b\n   c\n`), 1, 'widths are counted in 16 bits, as the scanner keeps them');
    assert.equal(indentDepthBound('"""\n  x\n    y\n"""\n'), 2, 'inside strings too (error recovery can indent there)');
  });

  it('replaces a parser that failed with a fresh WASM instance, which then analyses normally', async () => {
    // The limit switched off reproduces the failure: from a fresh instance, the scanner's overflow corrupts the
    // heap and the third such parse traps (tree-sitter-python 0.25.0).
    discardParser();
    await initPython();
    const before = parserGeneration();
    let crashed = false;
    for (let i = 0; i < 10 && !crashed; i++) crashed = parsePythonChecked(nestedIfs(600), null, Infinity).problem?.kind === 'crash';
    assert.ok(crashed, 'the unguarded scanner failed');
    assert.equal(parserGeneration(), before + 1);
    assert.equal(parsePythonChecked('x = 1\n').problem?.kind, 'unavailable', 'until the fresh instance is loaded');
    await initPython();
    assert.deepEqual(codes(analyzeText('python', INSECURE).findings), ['MLS001', 'MLS003']);
    const tree = parsePythonChecked('def f(context):\n    return 1\n').tree!;
    assert.equal(tree.rootNode.hasError, false);
    tree.delete();
  });
});

describe('hostile input: document sync', () => {
  const item = (text: string): TextDocumentItem => ({ uri: 'file:///x.py', languageId: 'python', version: 1, text });

  it('clamps positions as VS Code does', () => {
    const doc = TextDocument.create('file:///x.py', 'python', 1, 'ab\r\ncd\nef');
    assert.deepEqual(clampPosition(doc, { line: 9, character: 9 }), { line: 2, character: 2 }, 'past the end: the end');
    assert.deepEqual(clampPosition(doc, { line: 0, character: 9 }), { line: 0, character: 2 }, 'past the line: before its CRLF');
    assert.deepEqual(clampPosition(doc, { line: 0, character: 3 }), { line: 0, character: 2 }, 'inside the CRLF');
    assert.deepEqual(clampPosition(doc, { line: 1, character: 5 }), { line: 1, character: 2 });
    assert.deepEqual(clampPosition(doc, { line: -1, character: 4 }), { line: 0, character: 0 });
    assert.deepEqual(clampPosition(doc, { line: 1, character: -3 }), { line: 1, character: 0 });
    assert.deepEqual(clampPosition(doc, { line: 1, character: 1 }), { line: 1, character: 1 }, 'in range: unchanged');
  });

  it('keeps the text VS Code would have after out-of-range changes, growing linearly', () => {
    const t = new OpenText(item('a\nb\n'), 'python');
    t.applyChanges([{ range: { start: { line: 10, character: 5 }, end: { line: 12, character: 0 } }, text: 'X' }], 2);
    assert.equal(t.text, 'a\nb\nX');
    t.applyChanges([{ range: { start: { line: 0, character: 99 }, end: { line: 0, character: 99 } }, text: 'Y' }], 3);
    assert.equal(t.text, 'aY\nb\nX');
    t.applyChanges([{ range: { start: { line: 1, character: 7 }, end: { line: 0, character: 1 } }, text: '-' }], 4);
    assert.equal(t.text, 'a-\nX', 'a reversed range is the same range');
    for (let i = 0; i < 40; i++) t.applyChanges([{ range: { start: { line: 1000 + i, character: 0 }, end: { line: 2000, character: 9 } }, text: 'z\n' }], 5 + i);
    assert.equal(t.text, `a-\nX${'z\n'.repeat(40)}`);
    assert.equal(t.doc.lineCount, 42);
    assert.equal(t.source!.text, t.text, 'the Python source follows the same text');
    t.dispose();
  });

  it('keeps no source for a text over the size limit, and builds one when an edit brings it back', () => {
    const big = `x = 1\n${'#'.repeat(DEFAULT_MAX_FILE_BYTES)}\n`;
    const t = new OpenText(item(big), 'python');
    assert.equal(t.tooLarge, true);
    const source = (): OpenText['source'] => t.source;
    assert.equal(source(), undefined);
    t.applyChanges([{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: '' }], 2);
    assert.equal(t.tooLarge, false);
    assert.equal(source()?.text, 'x = 1\n');
    t.dispose();
  });
});

describe('hostile input: the language server', function () {
  this.timeout(120_000);
  const lsp = lspSuite();

  it('gives a deeply indented document MLS012 and every later document its findings', async () => {
    const deep = fileUriOf(path.join(lsp.dir, 'deep.py'));
    await lsp.server.open(deep, 'python', `${nestedIfs(600)}task.with_secrets("env", "A")\n`);
    const d = await lsp.server.waitDiagnostics(deep, x => x.length > 0);
    assert.deepEqual(codes(d), ['MLS001', 'MLS012']);
    const mls012 = d.find(x => x.code === 'MLS012')!;
    assert.deepEqual(mls012.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } });
    assert.equal(mls012.severity, 3);
    for (let i = 0; i < 3; i++) {
      const other = fileUriOf(path.join(lsp.dir, `other${i}.py`));
      await lsp.server.open(other, 'python', INSECURE);
      assert.deepEqual(codes(await lsp.server.waitDiagnostics(other, x => x.length > 0)), ['MLS001', 'MLS003']);
    }
  });

  it('applies out-of-range changes as VS Code would and reports at the right place', async () => {
    const uri = fileUriOf(path.join(lsp.dir, 'ranges.py'));
    await lsp.server.open(uri, 'python', 'task.with_secrets("env", "A")\n');
    await lsp.server.waitDiagnostics(uri, x => x.length === 1);
    const changes = [
      { range: { start: { line: 50, character: 3 }, end: { line: 60, character: 0 } }, text: '# appended\n' },
      { range: { start: { line: 0, character: 500 }, end: { line: 0, character: 900 } }, text: '  # end of line 0' },
      { range: { start: { line: -4, character: -1 }, end: { line: 0, character: 0 } }, text: 'x = 1\n' },
    ];
    for (let i = 0; i < 30; i++) changes.push({ range: { start: { line: 10_000 + i, character: 7 }, end: { line: 10_000, character: 0 } }, text: 'y = 2\n' });
    let version = 1;
    for (const c of changes) await lsp.server.change(uri, ++version, [c]);
    const d = await lsp.server.waitDiagnostics(uri, () => true, version);
    // Expected text: 'x = 1\ntask.with_secrets("env", "A")  # end of line 0\n# appended\n' + 30 × 'y = 2\n'.
    assert.deepEqual(d.map(x => [x.code, x.range]), [['MLS001', { start: { line: 1, character: 5 }, end: { line: 1, character: 17 } }]]);
    // A finding at the end proves where the 30 lines went (and that the text did not double).
    await lsp.server.change(uri, ++version, [{ range: { start: { line: 999, character: 0 }, end: { line: 999, character: 0 } }, text: 'task.with_secrets("file", "s.env")\n' }]);
    const e = await lsp.server.waitDiagnostics(uri, () => true, version);
    assert.deepEqual(e.filter(x => x.code === 'MLS001').map(x => x.range.start.line), [1, 33]);
  });

  it('does not parse an open document over the size limit (MLS012 naming it), nor let it affect later files', async () => {
    const uri = fileUriOf(path.join(lsp.dir, 'huge.py'));
    const line = 'task.with_secrets("env", "A")  # padding padding padding padding padding padding padding\n';
    const text = line.repeat(Math.ceil((100 * 1024 * 1024) / line.length));
    await lsp.server.open(uri, 'python', text);
    const d = await lsp.server.waitDiagnostics(uri, x => x.length > 0, undefined, 90_000);
    assert.deepEqual(codes(d), ['MLS012']);
    assert.match(String(d[0].message), new RegExp(`${text.length.toLocaleString('en')} characters is over the 8 MB limit`));
    const other = fileUriOf(path.join(lsp.dir, 'after-huge.py'));
    await lsp.server.open(other, 'python', INSECURE);
    assert.deepEqual(codes(await lsp.server.waitDiagnostics(other, x => x.length > 0)), ['MLS001', 'MLS003']);
    // Brought under the limit, it is analysed.
    await lsp.server.change(uri, 2, [{ text: INSECURE }]);
    assert.deepEqual(codes(await lsp.server.waitDiagnostics(uri, () => true, 2)), ['MLS001', 'MLS003']);
  });
});

describe('hostile input: seeded fuzz', function () {
  this.timeout(240_000);
  const lsp = lspSuite();

  it('after random hostile documents and edits, an insecure snippet in another document keeps its findings', async () => {
    const seed = seedFromEnv();
    console.log(`      seed ${seed} (MLRUN_SECRETS_SEED=${seed} to replay)`);
    const rng = new Random(seed);
    const victim = fileUriOf(path.join(lsp.dir, 'victim.py'));
    let victimVersion = 1;
    await lsp.server.open(victim, 'python', INSECURE);
    const open = new Map<string, number>();
    const huge = (): number => (rng.chance(0.5) ? rng.int(2_000_000) : rng.int(40)) * (rng.chance(0.1) ? -1 : 1);
    for (let round = 0; round < 150; round++) {
      const action = rng.int(5);
      if (action === 0 || open.size === 0) {
        const uri = fileUriOf(path.join(lsp.dir, `hostile${round}.${rng.chance(0.2) ? 'md' : 'py'}`));
        const body = hostileDocument(rng);
        const md = uri.endsWith('.md');
        await lsp.server.open(uri, md ? 'markdown' : 'python', md ? `# notes\n\n\`\`\`python\n${body}\`\`\`\n` : body);
        open.set(uri, 1);
      } else {
        const uri = rng.pick([...open.keys()]);
        const version = open.get(uri)! + 1;
        open.set(uri, version);
        if (action === 1) {
          const changes = Array.from({ length: 1 + rng.int(4) }, () => ({
            range: { start: { line: huge(), character: huge() }, end: { line: huge(), character: huge() } },
            text: rng.pick(['', '\n', 'x\n'.repeat(1 + rng.int(50)), '"', '\t'.repeat(rng.int(600)), hostileDocument(rng)]),
          }));
          await lsp.server.change(uri, version, changes);
        } else if (action === 2) {
          await lsp.server.change(uri, version, [{ text: hostileDocument(rng) }]);
        } else if (action === 3) {
          await lsp.server.close(uri);
          open.delete(uri);
        } else {
          // A hostile edit inside the document: deep indentation pasted at a random line.
          await lsp.server.change(uri, version, [{ range: { start: { line: rng.int(30), character: 0 }, end: { line: rng.int(30), character: 0 } }, text: nestedIfs(200 + rng.int(500)) }]);
        }
      }
      // The victim changes too (its findings move down by the comment lines), and must be reported.
      const shift = round % 3;
      await lsp.server.change(victim, ++victimVersion, [{ text: `${'# note\n'.repeat(shift)}${INSECURE}` }]);
      const d = await lsp.server.waitDiagnostics(victim, () => true, victimVersion, 60_000);
      assert.deepEqual(d.map(x => [x.code, x.range.start.line]).sort(), [['MLS001', 2 + shift], ['MLS003', 2 + shift]], `seed ${seed}, round ${round}`);
      lsp.server.assertHealthy();
    }
    // A document opened after all of it is analysed as well.
    const late = fileUriOf(path.join(lsp.dir, 'late.py'));
    await lsp.server.open(late, 'python', INSECURE);
    assert.deepEqual(codes(await lsp.server.waitDiagnostics(late, x => x.length > 0, undefined, 60_000)), ['MLS001', 'MLS003'], `seed ${seed}`);
  });
});
