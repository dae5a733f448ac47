/**
 * The language server inside a real VS Code: diagnostics for Python files, notebook cells and Markdown fences, the
 * server's own quick fixes applied end to end (MLS001 → values stored in the local backend and the call rewritten;
 * "Ignore on this line"), hover with the project's keys, completion, CodeLens and the workspace scan.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { modal } from '../../util/scriptedHost';
import { waitFor } from '../../util/wait';
import { openDemoFile, ourDiagnostics, workspaceFolder } from '../extension';
import { useScriptedHost } from '../scripted';

const PROJECT = 'demo';

function code(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Rule ids found, without MLS004 (it depends on the keys the selected project holds; tested on its own below). */
function codes(diags: vscode.Diagnostic[]): string[] {
  return diags.map(code).filter(c => c !== 'MLS004').sort();
}

async function diagnosticsOf(uri: vscode.Uri, what: string, accept: (d: vscode.Diagnostic[]) => boolean = d => d.length > 0): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const d = ourDiagnostics(uri);
    return accept(d) ? d : undefined;
  }, what, 30_000);
}

function lineOf(doc: vscode.TextDocument, text: string): number {
  const i = doc.getText().split('\n').findIndex(l => l.includes(text));
  assert.ok(i >= 0, `"${text}" in ${doc.uri.path}`);
  return i;
}

describe('language server in VS Code', () => {
  const s = useScriptedHost();

  afterEach(async () => {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.isDirty) {
        await vscode.window.showTextDocument(editor.document);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
    await s.api.ctx.backends.local().deleteSecrets(PROJECT, ['DB_PASSWORD']);
  });

  it('flags the inline provider, the committed set_secrets call and their literals in a Python file', async () => {
    const { document: doc } = await openDemoFile('src/project_setup.py');
    const diags = await diagnosticsOf(doc.uri, 'diagnostics of project_setup.py', d => codes(d).includes('MLS001') && codes(d).includes('MLS002'));
    assert.deepEqual(codes(diags), ['MLS001', 'MLS002', 'MLS003', 'MLS003', 'MLS003'], JSON.stringify(diags.map(d => [d.message, d.range.start.line])));
    const mls001 = diags.find(d => d.code && typeof d.code === 'object' && d.code.value === 'MLS001')!;
    assert.equal(mls001.source, 'mlrun-secrets');
    assert.equal(mls001.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(doc.getText(mls001.range), 'with_secrets', 'on the method name');
    assert.match(String((mls001.code as { target: vscode.Uri }).target), /README\.md#mls001-insecure-provider$/);
    const mls002 = diags.find(d => (d.code as { value: string }).value === 'MLS002')!;
    assert.equal(mls002.severity, vscode.DiagnosticSeverity.Error, 'an error: its values are literals');
    for (const d of diags) assert.ok(!d.message.includes('s3cr3t-demo-value'), 'no value in a message');
  });

  it('analyses notebook cells as cells and Markdown fences tagged python, not bash', async () => {
    const nb = await vscode.workspace.openNotebookDocument(vscode.Uri.joinPath(workspaceFolder().uri, 'notebooks', 'explore.ipynb'));
    await vscode.window.showNotebookDocument(nb);
    const envCell = nb.getCells().find(c => c.document.getText().includes('with_secrets("env"'))!;
    const cellDiags = await diagnosticsOf(envCell.document.uri, 'diagnostics of the env cell');
    const dump = nb.getCells().map(c => `${c.index}: ${JSON.stringify(ourDiagnostics(c.document.uri).map(d => [String((d.code as { value: string }).value), d.range.start.line, c.document.getText(d.range)]))}`).join('\n');
    assert.deepEqual(codes(cellDiags), ['MLS001'], dump);
    assert.equal(envCell.document.getText(cellDiags[0]!.range), 'with_secrets');

    const { document: md } = await openDemoFile('docs/secrets.md');
    const mdDiags = await diagnosticsOf(md.uri, 'diagnostics of secrets.md');
    assert.deepEqual(codes(mdDiags), ['MLS001']);
    assert.equal(mdDiags.find(d => code(d) === 'MLS001')!.range.start.line, lineOf(md, 'with_secrets("file"'));
    assert.ok(!mdDiags.some(d => d.range.start.line === lineOf(md, 'export MLRUN_DBPATH')), 'the bash fence is not analysed');
  });

  it('MLS004 follows the keys of the folder\'s project: flagged while missing, gone once the key is set', async () => {
    const { document: doc } = await openDemoFile('src/trainer.py');
    const line = lineOf(doc, 'context.get_secret("DB_PASSWORD")');
    const missing = await diagnosticsOf(doc.uri, 'MLS004 on DB_PASSWORD', d => d.some(x => code(x) === 'MLS004' && x.range.start.line === line));
    const d = missing.find(x => code(x) === 'MLS004' && x.range.start.line === line)!;
    assert.equal(doc.getText(d.range), '"DB_PASSWORD"');
    assert.match(d.message, /"DB_PASSWORD" is not a secret of project "demo" \(local\)/);
    const set = await s.api.ctx.backends.local().setSecrets(PROJECT, new Map([['DB_PASSWORD', 'mls004-canary-value']]));
    assert.ok(set.ok);
    s.api.ctx.keys.invalidate({ backend: 'local', project: PROJECT });
    await diagnosticsOf(doc.uri, 'no MLS004 on DB_PASSWORD once it is set', x => !x.some(y => code(y) === 'MLS004' && y.range.start.line === line));
  });

  it('hovers a key with the project that holds it and "value hidden", and completes key names', async () => {
    const set = await s.api.ctx.backends.local().setSecrets(PROJECT, new Map([['DB_PASSWORD', 'hover-canary-value']]));
    assert.ok(set.ok);
    s.api.ctx.keys.invalidate({ backend: 'local', project: PROJECT });
    const { document: doc } = await openDemoFile('src/trainer.py');
    const line = lineOf(doc, 'context.get_secret("DB_PASSWORD")');
    const at = new vscode.Position(line, doc.lineAt(line).text.indexOf('DB_PASSWORD') + 2);
    const text = await waitFor(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
      const t = hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
      return /value hidden/.test(t) ? t : undefined;
    }, 'a hover saying where DB_PASSWORD is stored');
    assert.match(text, /Stored in project \*\*demo\*\* .*local store.* value hidden/);
    assert.ok(!text.includes('hover-canary-value'));

    const inside = new vscode.Position(line, doc.lineAt(line).text.indexOf('DB_PASSWORD'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, inside);
    assert.ok(list.items.some(i => (typeof i.label === 'string' ? i.label : i.label.label) === 'DB_PASSWORD'), 'DB_PASSWORD is offered');
  });

  it('puts a "Run with secrets" CodeLens above each handler', async () => {
    const { document: doc } = await openDemoFile('src/trainer.py');
    const lenses = await waitFor(async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
      return l.length >= 2 ? l : undefined;
    }, 'CodeLenses on trainer.py');
    const runs = lenses.filter(l => l.command?.command === 'mlrunSecrets.runJob');
    assert.deepEqual(runs.map(l => (l.command!.arguments![0] as { handler: string }).handler).sort(), ['evaluate', 'train']);
    assert.match(runs.find(l => (l.command!.arguments![0] as { handler: string }).handler === 'train')!.command!.title, /Run with secrets \(DB_PASSWORD\)/);
  });

  it('applies the MLS001 quick fix end to end: the literal is stored in the local backend and the call rewritten', async () => {
    const { document: doc } = await openDemoFile('src/project_setup.py');
    const line = lineOf(doc, 'task.with_secrets("inline"');
    await diagnosticsOf(doc.uri, 'MLS001 on the inline call', d => d.some(x => x.range.start.line === line && (x.code as { value: string }).value === 'MLS001'));
    const range = new vscode.Range(line, doc.lineAt(line).text.indexOf('with_secrets'), line, doc.lineAt(line).text.indexOf('with_secrets') + 3);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, range);
    const fix = actions.find(a => a.title === 'Store these values as project secrets and use the kubernetes provider');
    assert.ok(fix?.command, `the quick fix is offered (got: ${actions.map(a => a.title).join(' | ')})`);
    assert.equal(fix.command.command, 'mlrunSecrets.storeLiterals');
    assert.ok(!JSON.stringify(fix.command.arguments).includes('s3cr3t-demo-value'), 'only ranges travel, never values');
    s.host.script(modal('Store and Rewrite', /Keys: DB_PASSWORD\./));
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    s.host.assertDone();
    const stored = await s.api.ctx.backends.local().readValues!(PROJECT, ['DB_PASSWORD']);
    assert.ok(stored.ok);
    assert.equal(stored.value.get('DB_PASSWORD'), 's3cr3t-demo-value');
    assert.equal(doc.lineAt(line).text, 'task.with_secrets("kubernetes", ["DB_PASSWORD"])');
    await diagnosticsOf(doc.uri, 'no MLS001 left on the rewritten line', d => !d.some(x => x.range.start.line === line && (x.code as { value: string }).value === 'MLS001'));
  });

  it('"Ignore on this line" adds a suppression with a reason placeholder, which silences the rule', async () => {
    const { document: doc } = await openDemoFile('src/project_setup.py');
    const line = lineOf(doc, 'project.set_secrets(');
    const diags = await diagnosticsOf(doc.uri, 'MLS002', d => d.some(x => (x.code as { value: string }).value === 'MLS002'));
    const mls002 = diags.find(x => (x.code as { value: string }).value === 'MLS002')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, mls002.range);
    const ignore = actions.find(a => a.title === 'Ignore MLS002 on this line');
    assert.ok(ignore?.edit, `offered (got: ${actions.map(a => a.title).join(' | ')})`);
    assert.ok(await vscode.workspace.applyEdit(ignore.edit));
    assert.match(doc.lineAt(line).text, /# mlrun-secrets: ignore\[MLS002\] <reason>$/);
    const after = await diagnosticsOf(doc.uri, 'MLS002 silenced and MLS000 asking for a reason',
      d => !d.some(x => (x.code as { value: string }).value === 'MLS002') && d.some(x => (x.code as { value: string }).value === 'MLS000'));
    assert.equal(after.find(x => (x.code as { value: string }).value === 'MLS000')!.severity, vscode.DiagnosticSeverity.Information);
  });

  it('Scan Workspace analyses files that are not open', async () => {
    const result = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>('mlrunSecrets.scanWorkspace');
    assert.ok(result && !result.cancelled);
    assert.ok(result.files >= 4, `files: ${result.files}`);
    assert.ok(result.findings >= 6, `findings: ${result.findings}`);
    const md = vscode.Uri.joinPath(workspaceFolder().uri, 'docs', 'secrets.md');
    await diagnosticsOf(md, 'diagnostics of docs/secrets.md after the scan');
  });
});
