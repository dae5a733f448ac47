import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initPython, parsePython } from '../../../server/src/analysis/parser';
import { segment } from '../../../server/src/analysis/python/segment';

/** Chunk starts that tree-sitter implies: the module's top-level statements, grouped by starting line. */
function treeStarts(text: string): number[] {
  const tree = parsePython(text)!;
  try {
    const starts: number[] = [];
    let lastLine = -1;
    for (const child of tree.rootNode.children) {
      if (!child || child.type === 'comment') continue;
      if (child.startPosition.row === lastLine) continue;
      lastLine = child.endPosition.row;
      // The chunk starts at the beginning of the statement's line.
      let s = child.startIndex;
      while (s > 0 && text[s - 1] !== '\n') s--;
      starts.push(s);
    }
    return starts.filter(x => x !== 0);
  } finally {
    tree.delete();
  }
}

/** Chunk starts, leaving out 0 and chunks that hold only comments (they start a statement-less chunk). */
function chunkStarts(text: string): number[] {
  return segment(text).chunks
    .filter(c => c.start !== 0 && text.slice(c.start, c.end).split(/\r\n|\r|\n/).some(l => l.trim() !== '' && !l.trim().startsWith('#')))
    .map(c => c.start);
}

function stdlibFiles(limit: number): string[] {
  let dir: string;
  try {
    dir = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  } catch {
    return [];
  }
  const files = fs.readdirSync(dir).filter(f => f.endsWith('.py')).sort().map(f => path.join(dir, f));
  const step = Math.max(1, Math.floor(files.length / limit));
  return files.filter((_, i) => i % step === 0).slice(0, limit);
}

describe('segment: top-level statements by lexical scan', () => {
  before(() => initPython());

  const cases: Record<string, string> = {
    'simple statements': 'import os\nx = 1\n\ny = 2\n',
    'decorators stay with their definition': '@a\n@b(1)\ndef f():\n    pass\n\nclass C:\n    pass\n',
    'else/elif/except/finally clauses': 'if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\ntry:\n    pass\nexcept E:\n    pass\nfinally:\n    pass\nz = 1\n',
    'strings and brackets hide column-0 lines': 'x = """\nnot_a_statement = 1\n"""\ny = (\n1,\n2)\nz = [\n"""]\n"""]\n',
    'backslash continuation': 'x = 1 + \\\n2\ny = 3\n',
    'comments and blank lines': '# c\n\nx = 1\n# between\n\n    # indented comment\ny = 2\n',
    'crlf line ends': 'x = 1\r\ny = (\r\n1)\r\nz = 2\r\n',
    'escaped quotes': "x = 'it\\'s'\ny = \"a\\\"b\"\nz = r'\\\\'\nw = 1\n",
    'match statement': 'match x:\n    case 1:\n        pass\ny = 2\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`agrees with tree-sitter: ${name}`, () => assert.deepEqual(chunkStarts(text), treeStarts(text)));
  }

  it('agrees with tree-sitter on a sample of the standard library', function () {
    const files = stdlibFiles(60);
    if (files.length === 0) this.skip();
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      const tree = parsePython(text)!;
      const clean = !tree.rootNode.hasError;
      tree.delete();
      if (!clean) continue;
      assert.deepEqual(chunkStarts(text), treeStarts(text), f);
    }
  });

  it('closes brackets left open by half-typed code at the next definition', () => {
    const text = 'task.with_secrets("inline", {"a": "b"\n\ndef f():\n    pass\nimport os\n';
    assert.deepEqual(chunkStarts(text), [text.indexOf('def f'), text.indexOf('import os')]);
  });

  it('records suppression comments and IPython magics, not strings that look like them', () => {
    const text = 'x = "# nosec"  # nosec\n%pip install mlrun\n!ls\ny = 1  # mlrun-secrets: ignore[MLS001] r\n';
    const { chunks } = segment(text, 0, { ipython: true });
    const markers = chunks.flatMap(c => { const out: string[] = []; for (let i = 0; i < c.markers.length; i += 2) out.push(text.slice(c.markers[i], c.markers[i + 1])); return out; });
    const magics = chunks.flatMap(c => { const out: string[] = []; for (let i = 0; i < c.magics.length; i += 2) out.push(text.slice(c.magics[i], c.magics[i + 1])); return out; });
    assert.deepEqual(markers, ['# nosec', '# mlrun-secrets: ignore[MLS001] r']);
    assert.deepEqual(magics, ['%pip install mlrun', '!ls']);
  });

  it('stops where the caller can resynchronise', () => {
    const text = 'a = 1\nb = 2\nc = 3\n';
    const r = segment(text, 0, {}, p => p === 6);
    assert.equal(r.resyncAt, 6);
    assert.deepEqual(r.chunks.map(c => [c.start, c.end]), [[0, 6]]);
  });
});
