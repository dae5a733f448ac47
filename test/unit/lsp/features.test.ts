import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeLensRequest, CompletionRequest, DidChangeWatchedFilesNotification, DocumentSymbolRequest, FileChangeType, HoverRequest,
  type CompletionItem, type DocumentSymbol, type Hover, type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { FolderProject, Handlers, ProjectKeys, ScanWorkspace, VaultSources } from '../../../shared/src/protocol';
import { fileUriOf } from '../../util/lspClient';
import { lspSuite } from '../../util/lspSuite';
import { until } from '../../util/poll';
import { tempDir } from '../../util/paths';

const HANDLER = [
  'import mlrun',
  '',
  '',
  'def load(context):',
  '    return context.get_secret("S3_KEY")',
  '',
  '',
  'def train(context, lr=0.1):',
  '    password = context.get_secret("DB_PASSWORD")',
  '    load(context)',
  '    return password',
  '',
  '',
  'def helper(x):',
  '    return x',
  '',
  'task = mlrun.new_task().with_secrets("kubernetes", ["DB_PASSWORD", "API_TOKEN"])',
  'task.with_secrets("azure_vault", {"name": "my-vault", "k8s_secret": "azure-creds", "secrets": ["db-password"]})',
  '',
].join('\n');

describe('language server: hover, completion, symbols, CodeLens and custom requests', function () {
  this.timeout(60_000);
  const lsp = lspSuite({
    files: {
      'closed/job.py': 'def job(context):\n    return context.get_secret("API_TOKEN")\n',
      'closed/vault.py': 'task.with_secrets("azure_vault", {"name": "disk-vault", "secrets": []})\n',
      'closed/bad.py': 'task.with_secrets("env", "A")\n',
      'closed/nb.ipynb': JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, source: ['project.set_secrets({"A": "x"})\n'] }], metadata: {} }),
      'project.yaml': 'kind: project\nmetadata:\n  name: yaml-name\n',
      'deep/er/setup.py': 'project = mlrun.get_or_create_project("code-name", context="./")\n',
      'ignored/x.py': 'task.with_secrets("env", "A")\n',
      '.gitignore': 'ignored/\n',
    },
  });
  let folderUri: string;
  let uri: string;

  before(async () => {
    folderUri = fileUriOf(lsp.dir);
    uri = fileUriOf(path.join(lsp.dir, 'train.py'));
    await lsp.server.open(uri, 'python', HANDLER);
    await lsp.server.waitDiagnostics(uri);
  });

  async function hoverAt(line: number, character: number): Promise<string | undefined> {
    const h = await lsp.server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } }) as Hover | null;
    return h ? (h.contents as MarkupContent).value : undefined;
  }

  it('hovers a key: project, backend, env name, value hidden', async () => {
    assert.match((await hoverAt(8, 35))!, /No MLRun project is selected/);
    await lsp.server.connection.sendNotification(ProjectKeys.type, { folderUri, backend: 'kubernetes', project: 'demo', keys: ['DB_PASSWORD', 'S3_KEY'] });
    await until('keys applied', async () => (await hoverAt(8, 35))?.includes('value hidden'));
    const text = (await hoverAt(8, 35))!;
    assert.match(text, /\*\*`DB_PASSWORD`\*\* — MLRun project secret/);
    assert.match(text, /Stored in project \*\*demo\*\* on Kubernetes \(Secret `mlrun-project-secrets-demo`\) — value hidden\./);
    assert.match(text, /MLRUN_K8S_SECRET__DB_PASSWORD/);
    assert.match((await hoverAt(16, 70))!, /Not a secret of project \*\*demo\*\*/, 'API_TOKEN in the kubernetes list');
    assert.equal(await hoverAt(0, 3), undefined, 'no hover elsewhere');
    // MLS004 for API_TOKEN now that the keys are known.
    const diags = await lsp.server.waitDiagnostics(uri, d => d.some(x => x.code === 'MLS004'));
    assert.deepEqual(diags.filter(d => d.code === 'MLS004').map(d => d.range.start), [{ line: 16, character: 67 }]);
  });

  it('hovers a key in a Markdown code block', async () => {
    const md = fileUriOf(path.join(lsp.dir, 'guide.md'));
    await lsp.server.open(md, 'markdown', '# Guide\n\n```python\npw = context.get_secret("S3_KEY")\n```\n');
    await lsp.server.waitDiagnostics(md);
    const h = await lsp.server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: md }, position: { line: 3, character: 30 } }) as Hover;
    assert.match((h.contents as MarkupContent).value, /\*\*`S3_KEY`\*\*/);
    assert.deepEqual(h.range, { start: { line: 3, character: 24 }, end: { line: 3, character: 32 } });
  });

  it('completes key names inside the key string', async () => {
    await lsp.server.change(uri, 2, [{ range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, text: '    context.get_secret("D")\n' }]);
    await lsp.server.waitDiagnostics(uri, () => true, 2);
    const items = await lsp.server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 10, character: 25 } }) as CompletionItem[];
    assert.deepEqual(items.map(i => i.label), ['DB_PASSWORD', 'S3_KEY']);
    assert.deepEqual(items[0].textEdit, { range: { start: { line: 10, character: 24 }, end: { line: 10, character: 25 } }, newText: 'DB_PASSWORD' });
    const none = await lsp.server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 14, character: 10 } }) as CompletionItem[];
    assert.deepEqual(none, []);
    await lsp.server.change(uri, 3, [{ range: { start: { line: 10, character: 0 }, end: { line: 11, character: 0 } }, text: '' }]);
    await lsp.server.waitDiagnostics(uri, () => true, 3);
  });

  it('answers mlrunSecrets/handlers for open and closed files (keys read, transitively)', async () => {
    const open = await lsp.server.connection.sendRequest(Handlers.type, { uri });
    assert.deepEqual(open.map(h => [h.name, h.keysRead, h.providersUsed]), [
      ['load', ['S3_KEY'], ['azure_vault', 'kubernetes']],
      ['train', ['DB_PASSWORD', 'S3_KEY'], ['azure_vault', 'kubernetes']],
    ]);
    assert.deepEqual(open[1].range, { start: { line: 7, character: 4 }, end: { line: 7, character: 9 } });
    const closed = await lsp.server.connection.sendRequest(Handlers.type, { uri: fileUriOf(path.join(lsp.dir, 'closed/job.py')) });
    assert.deepEqual(closed.map(h => [h.name, h.keysRead, h.range.start]), [['job', ['API_TOKEN'], { line: 0, character: 4 }]]);
  });

  it('puts a CodeLens running mlrunSecrets.runJob above each handler', async () => {
    const lenses = await lsp.server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.deepEqual(lenses!.map(l => [l.range.start.line, l.command?.command, l.command?.arguments]), [
      [3, 'mlrunSecrets.runJob', [{ uri, handler: 'load' }]],
      [7, 'mlrunSecrets.runJob', [{ uri, handler: 'train' }]],
    ]);
  });

  it('lists document symbols: handlers with the keys they read, secret sources', async () => {
    const symbols = await lsp.server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }) as DocumentSymbol[];
    const flat = symbols.map(s => [s.name, s.detail, (s.children ?? []).map(c => c.name)]);
    assert.deepEqual(flat, [
      ['load', 'MLRun handler', ['S3_KEY']],
      ['train', 'MLRun handler', ['DB_PASSWORD']],
      ['with_secrets("kubernetes")', 'secret source', ['DB_PASSWORD', 'API_TOKEN']],
      ['with_secrets("azure_vault")', 'secret source', []],
    ]);
  });

  it('answers mlrunSecrets/vaultSources from open and workspace files', async () => {
    const sources = await lsp.server.connection.sendRequest(VaultSources.type, {});
    const byName = new Map(sources.map(s => [s.name, s]));
    const line = HANDLER.split('\n')[17];
    const dict = { start: line.indexOf('{'), end: line.lastIndexOf('}') + 1 };
    assert.deepEqual(byName.get('my-vault'), { uri, range: { start: { line: 17, character: dict.start }, end: { line: 17, character: dict.end } }, name: 'my-vault', k8sSecret: 'azure-creds', secrets: ['db-password'] });
    const diskLine = 'task.with_secrets("azure_vault", {"name": "disk-vault", "secrets": []})';
    assert.deepEqual(byName.get('disk-vault'), { uri: fileUriOf(path.join(lsp.dir, 'closed/vault.py')), range: { start: { line: 0, character: diskLine.indexOf('{') }, end: { line: 0, character: diskLine.lastIndexOf('}') + 1 } }, name: 'disk-vault', k8sSecret: null, secrets: [] });
    assert.equal(sources.length, 2);
  });

  it('answers mlrunSecrets/folderProject from code first, then project.yaml', async () => {
    const r = await lsp.server.connection.sendRequest(FolderProject.type, { folderUri });
    assert.deepEqual(r, { project: 'code-name', source: fileUriOf(path.join(lsp.dir, 'deep/er/setup.py')) });
    fs.rmSync(path.join(lsp.dir, 'deep'), { recursive: true });
    assert.deepEqual(await lsp.server.connection.sendRequest(FolderProject.type, { folderUri }), { project: 'yaml-name', source: fileUriOf(path.join(lsp.dir, 'project.yaml')) });
    const empty = tempDir();
    try {
      assert.deepEqual(await lsp.server.connection.sendRequest(FolderProject.type, { folderUri: fileUriOf(empty.dir) }), { project: null, source: null });
    } finally {
      empty.remove();
    }
  });

  it('scans the workspace with progress, respects .gitignore, and keeps results current on disk changes', async () => {
    lsp.server.progress.length = 0;
    const result = await lsp.server.connection.sendRequest(ScanWorkspace.type, {});
    assert.equal(result.cancelled, false);
    assert.ok(result.ms >= 0);
    const bad = fileUriOf(path.join(lsp.dir, 'closed/bad.py'));
    const nb = fileUriOf(path.join(lsp.dir, 'closed/nb.ipynb'));
    assert.deepEqual((await lsp.server.waitDiagnostics(bad)).map(d => d.code), ['MLS001']);
    assert.deepEqual((await lsp.server.waitDiagnostics(nb)).map(d => d.code).sort(), ['MLS002', 'MLS003']);
    assert.ok(!lsp.server.diagnostics.has(fileUriOf(path.join(lsp.dir, 'ignored/x.py'))), 'ignored by .gitignore (no git repo: read by the walker)');
    // closed/{job,vault,bad}.py, closed/nb.ipynb, project.yaml (train.py is open, not on disk; ignored/ is ignored).
    assert.equal(result.files, 5);
    // bad.py: MLS001; nb.ipynb: MLS002 + MLS003; vault.py: MLS006 (information: no k8s_secret);
    // job.py: MLS004 (API_TOKEN is not among the project's keys).
    assert.equal(result.findings, 5);
    assert.deepEqual((await lsp.server.waitDiagnostics(fileUriOf(path.join(lsp.dir, 'closed/job.py')))).map(d => d.code), ['MLS004']);
    const kinds = lsp.server.progress.map(p => (p as { value: { kind: string } }).value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds[kinds.length - 1], 'end');
    // The file changes on disk: fixed, then deleted.
    fs.writeFileSync(path.join(lsp.dir, 'closed/bad.py'), 'task.with_secrets("kubernetes", [])\n');
    await lsp.server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: bad, type: FileChangeType.Changed }] });
    await lsp.server.waitDiagnostics(bad, d => d.length === 0);
    fs.writeFileSync(path.join(lsp.dir, 'closed/new.py'), 'project.set_secrets(file_path="x.env")\n');
    const created = fileUriOf(path.join(lsp.dir, 'closed/new.py'));
    await lsp.server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: created, type: FileChangeType.Created }] });
    assert.deepEqual((await lsp.server.waitDiagnostics(created, d => d.length > 0)).map(d => d.code), ['MLS002']);
    fs.rmSync(path.join(lsp.dir, 'closed/nb.ipynb'));
    await lsp.server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: nb, type: FileChangeType.Deleted }] });
    await lsp.server.waitDiagnostics(nb, d => d.length === 0);
  });

  it('registers file watchers and configuration change notifications', () => {
    const methods = lsp.server.registrations.flatMap(r => (r as { registrations: { method: string }[] }).registrations.map(x => x.method));
    assert.ok(methods.includes('workspace/didChangeWatchedFiles'));
    assert.ok(methods.includes('workspace/didChangeConfiguration'));
  });
});
