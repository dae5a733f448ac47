import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DidChangeWatchedFilesNotification, FileChangeType, PrepareRenameRequest, ReferencesRequest, RenameRequest,
  type Location, type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { KeyReferences, KeyUsages, ProjectKeys } from '../../../shared/src/protocol';
import { fileUriOf } from '../../util/lspClient';
import { lspSuite } from '../../util/lspSuite';
import { until } from '../../util/poll';

const TRAIN = [
  'def train(context):',
  '    password = context.get_secret("DB_PASSWORD")',
  '    return context.get_secret("MISSING_KEY")',
  '',
].join('\n');

describe('language server: key usage across the workspace (references, rename, counts, Missing)', function () {
  this.timeout(60_000);
  const lsp = lspSuite({
    files: {
      'closed/job.py': 'def job(context):\n    return context.get_secret("DB_PASSWORD")\n',
      'closed/nb.ipynb': JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, source: ['context.get_secret("DB_PASSWORD")\n'] }], metadata: {} }, null, 1),
      'docs/howto.md': '# How to\n\n```python\nsecret = context.get_secret("DB_PASSWORD")\n```\n',
      'project.yaml': 'kind: project\nspec:\n  secret_sources:\n  - kind: kubernetes\n    source: [DB_PASSWORD, YAML_ONLY]\n',
      'setup.py': 'project.set_secrets({"UNREAD": "x"})\n',
      'pod.py': 'import os\npassword = os.environ["MLRUN_K8S_SECRET__DB_PASSWORD"]\n',
    },
  });
  let folderUri: string;
  let uri: string;

  before(async () => {
    folderUri = fileUriOf(lsp.dir);
    uri = fileUriOf(path.join(lsp.dir, 'train.py'));
    await lsp.server.open(uri, 'python', TRAIN);
    await lsp.server.waitDiagnostics(uri);
  });

  const refs = async (line: number, character: number, includeDeclaration = true): Promise<Location[] | null> =>
    await lsp.server.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position: { line, character }, context: { includeDeclaration } });
  const rel = (l: Location): string => `${path.relative(lsp.dir, new URL(l.uri).pathname)}:${l.range.start.line}`;

  it('lists every usage of a key under the cursor: Python, notebook, Markdown, YAML', async () => {
    const found = await refs(1, 38);
    assert.deepEqual(found!.map(rel).sort(), ['closed/job.py:1', 'closed/nb.ipynb:6', 'docs/howto.md:3', 'pod.py:1', 'project.yaml:4', 'train.py:1'].sort());
    const others = await refs(1, 38, false);
    assert.equal(others!.length, 5, 'without the declaration: the place under the cursor is left out');
    assert.equal(await refs(0, 5), null, 'no key under the cursor');
  });

  it('counts usages per key and lists the Missing keys exactly as MLS004 reports them', async () => {
    const none = await lsp.server.connection.sendRequest(KeyUsages.type, { backend: 'kubernetes', project: 'demo' });
    assert.deepEqual(none, { folders: 0, keys: [], missing: null, truncated: false }, 'no folder selects the project yet');
    await lsp.server.connection.sendNotification(ProjectKeys.type, { folderUri, backend: 'kubernetes', project: 'demo', keys: ['DB_PASSWORD', 'UNUSED'] });
    const diags = await lsp.server.waitDiagnostics(uri, d => d.some(x => x.code === 'MLS004'));
    let r!: KeyUsages.Result;
    await until('usages with keys', async () => (r = await lsp.server.connection.sendRequest(KeyUsages.type, { backend: 'kubernetes', project: 'demo' })).missing !== null);
    assert.equal(r.folders, 1);
    assert.deepEqual(r.keys.map(k => [k.key, k.count, k.reads]), [['DB_PASSWORD', 6, 5], ['MISSING_KEY', 1, 1], ['UNREAD', 1, 0], ['YAML_ONLY', 1, 1]]);
    assert.deepEqual(r.missing, ['MISSING_KEY', 'YAML_ONLY']);
    // Agreement with MLS004: the open file's finding and the YAML file's (the scan publishes closed files' findings).
    const keyOf = (m: string | { value: string }): string => /"([^"]+)"/.exec(typeof m === 'string' ? m : m.value)![1]!;
    const mls004 = new Set(diags.filter(d => d.code === 'MLS004').map(d => keyOf(d.message)));
    const yamlUri = fileUriOf(path.join(lsp.dir, 'project.yaml'));
    await lsp.server.connection.sendRequest('mlrunSecrets/scanWorkspace', {});
    for (const d of lsp.server.diagnostics.get(yamlUri)?.diagnostics ?? []) if (d.code === 'MLS004') mls004.add(keyOf(d.message));
    assert.deepEqual([...mls004].sort(), r.missing);
    const where = await lsp.server.connection.sendRequest(KeyReferences.type, { backend: 'kubernetes', project: 'demo', key: 'MISSING_KEY' });
    assert.deepEqual(where.map(rel), ['train.py:2']);
  });

  it('keeps counts current as files change, are created and deleted', async () => {
    const count = async (key: string): Promise<number> => (await lsp.server.connection.sendRequest(KeyUsages.type, { backend: 'kubernetes', project: 'demo' })).keys.find(k => k.key === key)?.count ?? 0;
    const job = path.join(lsp.dir, 'closed/job.py');
    fs.writeFileSync(job, 'def job(context):\n    return context.get_secret("NEW_KEY")\n');
    await lsp.server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUriOf(job), type: FileChangeType.Changed }] });
    await until('changed file re-indexed', async () => (await count('NEW_KEY')) === 1);
    assert.equal(await count('DB_PASSWORD'), 5);
    fs.rmSync(job);
    await lsp.server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUriOf(job), type: FileChangeType.Deleted }] });
    await until('deleted file dropped', async () => (await count('NEW_KEY')) === 0);
    const added = path.join(lsp.dir, 'added.py');
    fs.writeFileSync(added, 'context.get_secret("ADDED")\n');
    await lsp.server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUriOf(added), type: FileChangeType.Created }] });
    await until('created file indexed', async () => (await count('ADDED')) === 1);
    // An open document counts as typed; closing it brings back what is on disk.
    await lsp.server.change(uri, 2, [{ text: 'context.get_secret("TYPED")\n' }]);
    await until('typed key counted', async () => (await count('TYPED')) === 1 && (await count('MISSING_KEY')) === 0);
    await lsp.server.close(uri);
    await until('closed: disk state (no train.py on disk)', async () => (await count('TYPED')) === 0);
    await lsp.server.open(uri, 'python', TRAIN, 3);
    await lsp.server.waitDiagnostics(uri);
  });

  it('renames a key in code only and says the stored secret keeps its name', async () => {
    const prep = await lsp.server.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: { line: 1, character: 38 } }) as { range: unknown; placeholder: string };
    assert.deepEqual(prep, { range: { start: { line: 1, character: 35 }, end: { line: 1, character: 46 } }, placeholder: 'DB_PASSWORD' });
    await assert.rejects(lsp.server.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: { line: 0, character: 2 } }), /Only a secret key string/);
    const messages: string[] = [];
    lsp.server.connection.onNotification('window/showMessage', (m: { message: string }) => { messages.push(m.message); });
    const edit = await lsp.server.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: { line: 1, character: 38 }, newName: 'DB_PASS' }) as WorkspaceEdit;
    const files = Object.keys(edit.changes!).map(u => path.relative(lsp.dir, new URL(u).pathname)).sort();
    assert.deepEqual(files, ['closed/nb.ipynb', 'docs/howto.md', 'project.yaml', 'train.py']);
    for (const edits of Object.values(edit.changes!)) for (const e of edits) assert.equal(e.newText, 'DB_PASS');
    const yamlEdit = edit.changes![fileUriOf(path.join(lsp.dir, 'project.yaml'))]![0]!;
    assert.deepEqual(yamlEdit.range, { start: { line: 4, character: 13 }, end: { line: 4, character: 24 } });
    await until('rename message', () => messages.length > 0);
    assert.match(messages[0]!, /renamed "DB_PASSWORD" to "DB_PASS" in 4 places in code only\. The stored secret is not renamed/);
    assert.match(messages[0]!, /1 place that spells the key in another way .* was left alone/, 'the MLRUN_K8S_SECRET__ name in pod.py');
    await assert.rejects(lsp.server.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: { line: 1, character: 38 }, newName: 'bad key' }), /cannot be a secret key/);
  });
});
