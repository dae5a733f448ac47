/**
 * The language server on the file kinds of shared/src/fileKinds.ts: one watcher for all of them, env files
 * (MLS010 from git's own answer, the .gitignore quick fix), CI workflows and notebook `%%writefile` / `!mlrun` cells.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest, DidOpenNotebookDocumentNotification, NotebookCellKind, type CodeAction, type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import { WATCH_GLOBS } from '../../../shared/src/fileKinds';
import { fileUriOf } from '../../util/lspClient';
import { lspSuite } from '../../util/lspSuite';

const CANARY = 'CANARY-envfile-5d1c-never-sent';

describe('language server: analysable file kinds', function () {
  this.timeout(30_000);
  const lsp = lspSuite({
    files: {
      '.gitignore': 'local.env',
      'mlrun.env': `MLRUN_DBPATH=https://mlrun.example.com\nV3IO_ACCESS_KEY=${CANARY}\n`,
      'local.env': `V3IO_ACCESS_KEY=${CANARY}\n`,
    },
  });

  before(() => {
    const git = (...args: string[]): void => { execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: lsp.dir, stdio: 'ignore' }); };
    git('init', '-q');
    git('add', '.gitignore', 'mlrun.env');
  });

  it('registers one watcher for every analysed kind and the configuration files', async () => {
    const deadline = Date.now() + 10_000;
    while (lsp.server.registrations.length === 0 && Date.now() < deadline) await new Promise(r => setImmediate(r));
    const watchers = (lsp.server.registrations as { registrations: { method: string; registerOptions: { watchers: { globPattern: string }[] } }[] }[])
      .flatMap(r => r.registrations).filter(r => r.method === 'workspace/didChangeWatchedFiles');
    assert.equal(watchers.length, 1);
    assert.deepEqual(watchers[0].registerOptions.watchers.map(w => w.globPattern), [...WATCH_GLOBS]);
  });

  it('a tracked env file: MLS010 on the value, whatever the language id, and a .gitignore quick fix', async () => {
    const uri = fileUriOf(path.join(lsp.dir, 'mlrun.env'));
    await lsp.server.open(uri, 'properties', fs.readFileSync(path.join(lsp.dir, 'mlrun.env'), 'utf8'));
    const diags = await lsp.server.waitDiagnostics(uri, d => d.length > 0);
    assert.deepEqual(diags.map(d => [d.code, d.range.start.line, d.range.start.character]), [['MLS010', 1, 16]]);
    assert.ok(!JSON.stringify(diags).includes(CANARY));
    const actions = await lsp.server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diags[0].range, context: { diagnostics: diags } }) as CodeAction[];
    const fix = actions.find(a => a.title.startsWith('Add mlrun.env to .gitignore'))!;
    assert.ok(fix, actions.map(a => a.title).join(', '));
    const edit = fix.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(edit.textDocument.uri, fileUriOf(path.join(lsp.dir, '.gitignore')));
    assert.deepEqual(edit.edits.map(e => [e.range.start, (e as { newText: string }).newText]), [[{ line: 0, character: 9 }, '\n/mlrun.env\n']]);
    assert.ok(!JSON.stringify(actions).includes(CANARY), 'no value in any action');
  });

  it('an ignored, untracked env file has no findings', async () => {
    const uri = fileUriOf(path.join(lsp.dir, 'local.env'));
    await lsp.server.open(uri, 'dotenv', fs.readFileSync(path.join(lsp.dir, 'local.env'), 'utf8'));
    // The answer about git arrives asynchronously: wait for the second publication.
    let published = 0;
    const stop = lsp.server.onDiagnostics(p => { if (p.uri === uri) published++; });
    const deadline = Date.now() + 5_000;
    while (published < 2 && Date.now() < deadline) await new Promise(r => setTimeout(r, 20));
    stop();
    assert.deepEqual(lsp.server.diagnostics.get(uri)?.diagnostics ?? [], []);
  });

  it('CI workflows and notebook %%writefile / !mlrun cells', async () => {
    const ci = fileUriOf(path.join(lsp.dir, '.github', 'workflows', 'ci.yml'));
    await lsp.server.open(ci, 'github-actions-workflow', 'jobs:\n  a:\n    steps:\n      - run: mlrun project ./ -s env=GITHUB_TOKEN\n');
    const ciDiags = await lsp.server.waitDiagnostics(ci, d => d.length > 0);
    assert.deepEqual(ciDiags.map(d => [d.code, d.range.start.line, d.range.start.character]), [['MLS001', 3, 33]]);

    const nb = path.join(lsp.dir, 'explore.ipynb');
    const cell = (i: number): string => `vscode-notebook-cell:${nb}#c${i}`;
    await lsp.server.connection.sendNotification(DidOpenNotebookDocumentNotification.type, {
      notebookDocument: { uri: fileUriOf(nb), notebookType: 'jupyter-notebook', version: 1, cells: [0, 1].map(i => ({ kind: NotebookCellKind.Code, document: cell(i) })) },
      cellTextDocuments: [
        { uri: cell(0), languageId: 'python', version: 1, text: '%%writefile trainer.py\ntask.with_secrets("env", "A")\n' },
        { uri: cell(1), languageId: 'python', version: 1, text: '!mlrun run -s env=A trainer.py\n' },
      ],
    });
    assert.deepEqual((await lsp.server.waitDiagnostics(cell(0), d => d.length > 0)).map(d => [d.code, d.range.start.line]), [['MLS001', 1]]);
    assert.deepEqual((await lsp.server.waitDiagnostics(cell(1), d => d.length > 0)).map(d => [d.code, d.range.start.character]), [['MLS001', 14]]);
  });
});
