import assert from 'node:assert/strict';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionRequest, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-protocol/node';
import { Commands, ProjectKeys, type StoreLiterals } from '../../../shared/src/protocol';
import { fileUriOf } from '../../util/lspClient';
import { lspSuite } from '../../util/lspSuite';

const CANARY = 'CANARY-lsp-41c2-never-sent';

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('x', 'python', 1, text), edits);
}

describe('language server: code actions', function () {
  this.timeout(30_000);
  const lsp = lspSuite();
  let n = 0;

  before(async () => {
    await lsp.server.connection.sendNotification(ProjectKeys.type, { folderUri: fileUriOf(lsp.dir), backend: 'kubernetes', project: 'fraud-demo', keys: ['DB_PASSWORD'] });
  });

  async function openAndGetActions(text: string, code: string): Promise<{ uri: string; diagnostic: Diagnostic; actions: CodeAction[] }> {
    const uri = fileUriOf(path.join(lsp.dir, `f${n++}.py`));
    await lsp.server.open(uri, 'python', text);
    const diags = await lsp.server.waitDiagnostics(uri, d => d.some(x => x.code === code));
    const diagnostic = diags.find(x => x.code === code)!;
    const actions = await lsp.server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
    }) as CodeAction[];
    return { uri, diagnostic, actions };
  }

  it('MLS001 inline: runs mlrunSecrets.storeLiterals with ranges only, never a value', async () => {
    const text = `task.with_secrets("inline", {"DB_PASSWORD": "${CANARY}"})\n`;
    const { uri, diagnostic, actions } = await openAndGetActions(text, 'MLS001');
    const store = actions.find(a => a.command?.command === Commands.storeLiterals)!;
    assert.equal(store.title, 'Store these values as project secrets and use the kubernetes provider');
    assert.equal(store.isPreferred, true);
    assert.deepEqual(store.diagnostics, [diagnostic]);
    const args = store.command!.arguments![0] as StoreLiterals.Args;
    assert.equal(args.uri, uri);
    assert.equal(args.project, 'fraud-demo');
    assert.deepEqual(args.literals, [{ key: 'DB_PASSWORD', range: { start: { line: 0, character: 44 }, end: { line: 0, character: 44 + CANARY.length + 2 } } }]);
    assert.equal(applyEdits(text, args.rewrite), 'task.with_secrets("kubernetes", ["DB_PASSWORD"])\n');
    assert.ok(!JSON.stringify(actions).includes(CANARY), 'no value crosses the protocol');
  });

  it('MLS001 env: a plain edit to the kubernetes provider', async () => {
    const text = 'task.with_secrets("env", "DB_PASSWORD")\n';
    const { uri, actions } = await openAndGetActions(text, 'MLS001');
    const edit = actions.find(a => a.title.startsWith('Use the kubernetes provider'))!;
    assert.equal(applyEdits(text, edit.edit!.changes![uri]), 'task.with_secrets("kubernetes", ["DB_PASSWORD"])\n');
  });

  it('MLS002: store the secrets and remove the call', async () => {
    const text = `import mlrun\nproject.set_secrets({"API_TOKEN": "${CANARY}"})\nprint("done")\n`;
    const { actions } = await openAndGetActions(text, 'MLS002');
    const store = actions.find(a => a.command?.command === Commands.storeLiterals)!;
    assert.equal(store.title, 'Store these secrets in the project and remove this call');
    const args = store.command!.arguments![0] as StoreLiterals.Args;
    assert.deepEqual(args.literals.map(l => l.key), ['API_TOKEN']);
    assert.equal(applyEdits(text, args.rewrite), 'import mlrun\nprint("done")\n');
  });

  it('"Ignore on this line" inserts a suppression with a reason placeholder, and the finding goes', async () => {
    const text = 'task.with_secrets("env", "A")  # noqa\n';
    const { uri, actions } = await openAndGetActions(text, 'MLS001');
    const ignore = actions.find(a => a.title === 'Ignore MLS001 on this line')!;
    const edits = ignore.edit!.changes![uri];
    const after = applyEdits(text, edits);
    assert.equal(after, 'task.with_secrets("env", "A")  # noqa  # mlrun-secrets: ignore[MLS001] <reason>\n');
    await lsp.server.change(uri, 2, edits.map(e => ({ range: e.range, text: e.newText })));
    // The placeholder is not a reason: MLS000 until the user writes one.
    const diags = await lsp.server.waitDiagnostics(uri, () => true, 2);
    assert.deepEqual(diags.map(d => d.code), ['MLS000']);
    const lines = after.split('\n')[0];
    const at = lines.indexOf('<reason>');
    await lsp.server.change(uri, 3, [{ range: { start: { line: 0, character: at }, end: { line: 0, character: at + 8 } }, text: 'local test only' }]);
    assert.deepEqual(await lsp.server.waitDiagnostics(uri, () => true, 3), []);
  });

  it('adds to an existing ignore list on the line', async () => {
    const text = 'task.with_secrets("inline", {"A": "x"})  # mlrun-secrets: ignore[MLS001] reviewed\n';
    const { uri, actions } = await openAndGetActions(text, 'MLS003');
    const ignore = actions.find(a => a.title === 'Ignore MLS003 on this line')!;
    assert.equal(applyEdits(text, ignore.edit!.changes![uri]), 'task.with_secrets("inline", {"A": "x"})  # mlrun-secrets: ignore[MLS001, MLS003] reviewed\n');
  });

  it('uses ignore-next-line when the line ends inside a multi-line string', async () => {
    const text = 'def f(project):\n    project.set_secrets({"A": """x\ny"""})\n';
    const { uri, actions } = await openAndGetActions(text, 'MLS003');
    const ignore = actions.find(a => a.title === 'Ignore MLS003 on this line')!;
    assert.equal(applyEdits(text, ignore.edit!.changes![uri]), 'def f(project):\n    # mlrun-secrets: ignore-next-line[MLS003] <reason>\n    project.set_secrets({"A": """x\ny"""})\n');
  });
});
