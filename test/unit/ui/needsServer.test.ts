import assert from 'node:assert/strict';
import { needsServer, type OpenDocument } from '../../../client/src/needsServer';

function doc(languageId: string, path: string, text = '', scheme = 'file'): OpenDocument {
  return { languageId, uri: { scheme, path }, getText: () => text };
}

describe('which open documents start the language server', () => {
  it('Python files, untitled Python and Python notebook cells do; other cells do not', () => {
    assert.equal(needsServer(doc('python', '/w/a.py')), true);
    assert.equal(needsServer(doc('python', 'Untitled-1', '', 'untitled')), true);
    assert.equal(needsServer(doc('python', '/w/n.ipynb', '', 'vscode-notebook-cell')), true);
    assert.equal(needsServer(doc('markdown', '/w/n.ipynb', 'mlrun', 'vscode-notebook-cell')), false);
    assert.equal(needsServer(doc('python', '/w/a.py', '', 'git')), false, 'a git diff view is no workspace document');
  });

  it('Markdown and YAML only when they are about MLRun', () => {
    assert.equal(needsServer(doc('markdown', '/w/notes.md', '# Shopping\n- milk\n')), false);
    assert.equal(needsServer(doc('markdown', '/w/about.md', '```python\nimport mlrun\n```\n')), true);
    assert.equal(needsServer(doc('yaml', '/w/config.yaml', 'retries: 3\n')), false);
    assert.equal(needsServer(doc('yaml', '/w/project.yaml', 'kind: project\n')), true);
    assert.equal(needsServer(doc('yaml', '/w/fn.yaml', 'secret_sources:\n- kind: kubernetes\n')), true);
  });

  it('files the selector takes by name: CI workflows under their own language id, env files under any', () => {
    assert.equal(needsServer(doc('github-actions-workflow', '/w/.github/workflows/ci.yml', 'run: mlrun project -s env.txt')), true);
    assert.equal(needsServer(doc('github-actions-workflow', '/w/.github/workflows/ci.yml', 'run: npm test')), false);
    assert.equal(needsServer(doc('dotenv', '/w/.env')), true);
    assert.equal(needsServer(doc('plaintext', '/w/secrets.txt')), true);
    assert.equal(needsServer(doc('properties', '/w/.env.local')), true);
    assert.equal(needsServer(doc('plaintext', '/w/readme.txt', 'mlrun')), false);
    assert.equal(needsServer(doc('plaintext', '/w/a.py', 'import mlrun')), false, 'Python is selected by language id only');
    assert.equal(needsServer(doc('plaintext', 'secrets.txt', '', 'untitled')), false, 'by name only on disk');
  });
});
