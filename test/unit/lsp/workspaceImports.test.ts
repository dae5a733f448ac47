/**
 * Cross-file facts through the real server: a value imported from another module of the workspace is followed (on
 * disk, then as an open document), and an open importer is analysed again when the module it took the value from
 * changes. A document nested deeper than the analyzer follows still gets its diagnostics (with MLS012).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fileUriOf } from '../../util/lspClient';
import { lspSuite } from '../../util/lspSuite';

describe('language server: workspace imports and deep nesting', function () {
  this.timeout(60_000);
  const lsp = lspSuite({
    files: {
      'pkg/__init__.py': '',
      'pkg/settings.py': 'KIND = "in" + "line"\nSOURCE = {"DB_PASSWORD": "from-settings"}\n',
    },
  });

  it('follows imports into the workspace and re-analyses an open importer when the module changes', async () => {
    const job = fileUriOf(path.join(lsp.dir, 'pkg', 'job.py'));
    const text = 'import mlrun\nfrom .settings import KIND, SOURCE\n\ntask = mlrun.new_task()\ntask.with_secrets(KIND, SOURCE)\n';
    await lsp.server.open(job, 'python', text);
    const first = await lsp.server.waitDiagnostics(job, d => d.length === 2);
    assert.deepEqual(first.map(d => [d.code, d.range.start.line]).sort(), [['MLS001', 4], ['MLS003', 4]]);
    assert.match(String(first.find(d => d.code === 'MLS003')!.message), /settings\.py/);

    const settings = fileUriOf(path.join(lsp.dir, 'pkg', 'settings.py'));
    await lsp.server.open(settings, 'python', 'KIND = "in" + "line"\nSOURCE = {"DB_PASSWORD": "from-settings"}\n');
    await lsp.server.change(settings, 2, [{ text: 'KIND = "kubernetes"\nSOURCE = ["DB_PASSWORD"]\n' }]);
    const after = await lsp.server.waitDiagnostics(job, d => d.length === 0);
    assert.deepEqual(after, []);
  });

  it('publishes diagnostics for a document nested 5,000 levels deep, real findings included', async () => {
    const uri = fileUriOf(path.join(lsp.dir, 'deep.py'));
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const text = `import mlrun\ntask = mlrun.new_task()\ntask.with_secrets("kubernetes", ${deep})\ntask.with_secrets("env", "A")\n`;
    await lsp.server.open(uri, 'python', text);
    const d = await lsp.server.waitDiagnostics(uri, x => x.length >= 2);
    assert.deepEqual(d.map(x => [x.code, x.range.start.line]).sort(), [['MLS001', 3], ['MLS012', 2]]);
  });
});
