import assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { blockToDoc, docToBlock, pythonBlocks } from '../../../server/src/analysis/documents/markdown';
import { pythonCellText, readNotebook } from '../../../server/src/analysis/documents/notebook';
import { projectNameFromYaml } from '../../../server/src/analysis/documents/yaml';
import { initPython } from '../../../server/src/analysis/parser';

describe('documents: notebooks, Markdown, YAML', () => {
  before(() => initPython());

  it('maps notebook cell lines to raw .ipynb lines (array and single-string sources)', () => {
    const raw = '{\n "cells": [\n  {"cell_type": "markdown", "metadata": {}, "source": ["x\\n"]},\n  {"cell_type": "code", "metadata": {}, "source": [\n    "a = 1\\n",\n    "b = 2\\n",\n    "c"\n  ]},\n  {"cell_type": "code", "metadata": {}, "source": "d = 1\\ne = 2"}\n ],\n "metadata": {}\n}\n';
    const nb = readNotebook(raw);
    assert.deepEqual(nb.cells.map(c => [c.index, c.text, c.rawLines]), [[1, 'a = 1\nb = 2\nc', [4, 5, 6]], [2, 'd = 1\ne = 2', [8, 8]]]);
  });

  it('reports a notebook that is not JSON, or not a notebook, with the place', () => {
    assert.throws(() => readNotebook('{"cells": [}'), /offset 11/);
    assert.throws(() => readNotebook('{"nbformat": 4}'), /not a Jupyter notebook/);
  });

  it('blanks Python-bodied cell magics and skips the others', () => {
    assert.equal(pythonCellText('%%time\nx = 1\n'), '      \nx = 1\n');
    assert.equal(pythonCellText('%%bash\necho hi\n'), undefined);
    assert.equal(pythonCellText('x = 1\n'), 'x = 1\n');
  });

  it('CLI notebook findings carry the cell and its line', () => {
    const raw = JSON.stringify({ cells: [
      { cell_type: 'code', metadata: {}, source: ['import mlrun\n', 'task.with_secrets("env", "A")\n'] },
    ], metadata: {} }, null, 1);
    const a = analyzeText('notebook', raw);
    assert.equal(a.findings.length, 1);
    assert.equal(a.units[a.findings[0].module].cell, 0);
  });

  it('finds Python fences, maps offsets both ways and strips pycon prompts', () => {
    const md = 'text\n\n```pycon\n>>> x = 1\n... y = 2\nout\n```\n\n  ```python\n  z = 3\n  ```\n';
    const blocks = pythonBlocks(md);
    assert.deepEqual(blocks.map(b => b.text), ['x = 1\ny = 2\n\n', 'z = 3\n']);
    const b0 = blocks[0];
    assert.equal(md.slice(blockToDoc(b0, 0), blockToDoc(b0, 5)), 'x = 1');
    assert.equal(docToBlock(b0, md.indexOf('y = 2')), b0.text.indexOf('y = 2'));
    assert.equal(md.slice(blockToDoc(blocks[1], 0), blockToDoc(blocks[1], 5)), 'z = 3');
  });

  it('reads project.yaml metadata.name', () => {
    assert.equal(projectNameFromYaml('kind: project\nmetadata:\n  name: fraud-demo\nspec: {}\n'), 'fraud-demo');
    assert.equal(projectNameFromYaml('kind: job\nmetadata:\n  name: trainer\n'), undefined);
    assert.equal(projectNameFromYaml('{ not: [valid'), undefined);
  });

  it('tolerates YAML it cannot fully parse (templates) and still reads the rest', () => {
    const text = 'spec:\n  secret_sources:\n  - kind: env\n    source: A\nbad: {{ template }}\n';
    const a = analyzeText('yaml', text);
    assert.deepEqual(a.findings.map(f => f.rule), ['MLS001']);
  });
});
