import assert from 'node:assert/strict';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { ruleDocUrl } from '../../../shared/src/rules';
import { fileUriOf } from '../../util/lspClient';
import { lspSuite } from '../../util/lspSuite';

describe('language server: diagnostics', function () {
  this.timeout(30_000);
  const lsp = lspSuite();

  it('publishes diagnostics on open with source, code and the README anchor', async () => {
    const uri = fileUriOf(path.join(lsp.dir, 'job.py'));
    await lsp.server.open(uri, 'python', 'import mlrun\ntask = mlrun.new_task()\ntask.with_secrets("env", "DB_PASSWORD")\n');
    const diags = await lsp.server.waitDiagnostics(uri, d => d.length > 0);
    assert.equal(diags.length, 1);
    const d = diags[0];
    assert.equal(d.source, 'mlrun-secrets');
    assert.equal(d.code, 'MLS001');
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.equal(d.codeDescription?.href, ruleDocUrl('MLS001'));
    assert.deepEqual(d.range, { start: { line: 2, character: 5 }, end: { line: 2, character: 17 } });
  });

  it('updates diagnostics after incremental changes, with the document version', async () => {
    const uri = fileUriOf(path.join(lsp.dir, 'edit.py'));
    await lsp.server.open(uri, 'python', 'project.set_secrets(file_path="s.env")\n');
    let diags = await lsp.server.waitDiagnostics(uri, d => d.length === 1);
    assert.equal(diags[0].code, 'MLS002');
    assert.equal(diags[0].severity, DiagnosticSeverity.Warning);
    // Replace the file_path argument with a literal dict: MLS002 becomes an error and MLS003 appears.
    await lsp.server.change(uri, 2, [{ range: { start: { line: 0, character: 20 }, end: { line: 0, character: 37 } }, text: '{"TOKEN": "abc"}' }]);
    diags = await lsp.server.waitDiagnostics(uri, d => d.length === 2, 2);
    const byCode = new Map(diags.map(d => [d.code, d]));
    assert.equal(byCode.get('MLS002')?.severity, DiagnosticSeverity.Error);
    assert.deepEqual(byCode.get('MLS003')?.range, { start: { line: 0, character: 30 }, end: { line: 0, character: 35 } });
    assert.equal(byCode.get('MLS003')?.relatedInformation?.[0].location.uri, uri);
    // Comment the call out: no findings.
    await lsp.server.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# ' }]);
    diags = await lsp.server.waitDiagnostics(uri, () => true, 3);
    assert.deepEqual(diags, []);
  });

  it('clears diagnostics when a document closes', async () => {
    const uri = fileUriOf(path.join(lsp.dir, 'closing.py'));
    await lsp.server.open(uri, 'python', 'task.with_secrets("inline", {"a": "b"})\n');
    await lsp.server.waitDiagnostics(uri, d => d.length === 2);
    await lsp.server.close(uri);
    await lsp.server.waitDiagnostics(uri, d => d.length === 0);
  });

  it('analyses Markdown code blocks and YAML', async () => {
    const md = fileUriOf(path.join(lsp.dir, 'README.md'));
    await lsp.server.open(md, 'markdown', '# Title\n\n```python\ntask.with_secrets("file", "secrets.env")\n```\n\n```bash\necho with_secrets("inline")\n```\n');
    const mdDiags = await lsp.server.waitDiagnostics(md, d => d.length > 0);
    assert.deepEqual(mdDiags.map(d => [d.code, d.range.start.line, d.range.start.character]), [['MLS001', 3, 5]]);
    const yaml = fileUriOf(path.join(lsp.dir, 'function.yaml'));
    await lsp.server.open(yaml, 'yaml', 'kind: job\nspec:\n  secret_sources:\n  - kind: inline\n    source:\n      PASSWORD: hunter2\n');
    const yDiags = await lsp.server.waitDiagnostics(yaml, d => d.length > 0);
    assert.deepEqual(yDiags.map(d => [d.code, d.range.start.line]).sort(), [['MLS001', 3], ['MLS003', 5]]);
  });
});
