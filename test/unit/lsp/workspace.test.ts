import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { ScanWorkspace } from '../../../shared/src/protocol';
import { LspServer, fileUriOf } from '../../util/lspClient';
import { tempDir, writeTree } from '../../util/paths';

describe('language server: file facts and configuration', function () {
  this.timeout(30_000);

  it('asks the client about secrets files (mlrunSecrets/fileFacts) and reports MLS007', async () => {
    const tmp = tempDir();
    const server = await LspServer.start({
      folders: [tmp.dir],
      fileFacts: uris => Object.fromEntries(uris.map(u => [u, { exists: u.endsWith('/prod.env'), trackedByGit: u.endsWith('/prod.env'), ignoredByGit: false }])),
    });
    try {
      const uri = fileUriOf(path.join(tmp.dir, 'src', 'setup.py'));
      await server.open(uri, 'python', 'project.set_secrets(file_path="prod.env")\n');
      const diags = await server.waitDiagnostics(uri, d => d.some(x => x.code === 'MLS007'));
      assert.deepEqual(diags.map(d => d.code).sort(), ['MLS002', 'MLS007']);
      // Candidates: next to the file, then at the folder root — asked in one question.
      assert.deepEqual(server.fileFactQuestions[0].sort(), [fileUriOf(path.join(tmp.dir, 'prod.env')), fileUriOf(path.join(tmp.dir, 'src', 'prod.env'))].sort());
      server.assertHealthy();
    } finally {
      await server.stop();
      tmp.remove();
    }
  });

  it('answers file facts itself (git) when the client does not', async () => {
    const tmp = tempDir();
    writeTree(tmp.dir, { 'secrets.env': 'A=1\n' });
    const server = await LspServer.start({ folders: [tmp.dir] });
    try {
      const uri = fileUriOf(path.join(tmp.dir, 'job.py'));
      await server.open(uri, 'python', 'task.with_secrets("file", "secrets.env")\n');
      const diags = await server.waitDiagnostics(uri, d => d.some(x => x.code === 'MLS007'));
      assert.match(String(diags.find(d => d.code === 'MLS007')!.message), /"secrets.env" exists and is not ignored by git/);
      server.assertHealthy();
    } finally {
      await server.stop();
      tmp.remove();
    }
  });

  it('applies .mlrun-secrets.json, with settings overriding it, and reloads both', async () => {
    const tmp = tempDir();
    writeTree(tmp.dir, { '.mlrun-secrets.json': JSON.stringify({ rules: { MLS001: 'error' }, exclude: ['generated/'] }) });
    const settings: Record<string, unknown> = { rules: { MLS003: 'off' } };
    const server = await LspServer.start({ folders: [tmp.dir], settings });
    try {
      const uri = fileUriOf(path.join(tmp.dir, 'job.py'));
      await server.open(uri, 'python', 'task.with_secrets("inline", {"A": "x"})\n');
      let diags = await server.waitDiagnostics(uri, d => d.length > 0);
      assert.deepEqual(diags.map(d => [d.code, d.severity]), [['MLS001', 1]]);
      const gen = fileUriOf(path.join(tmp.dir, 'generated', 'x.py'));
      await server.open(gen, 'python', 'project.set_secrets(file_path="x.env")\n');
      assert.deepEqual(await server.waitDiagnostics(gen), [], 'excluded');
      // Settings change: MLS003 back on.
      settings.rules = {};
      await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      diags = await server.waitDiagnostics(uri, d => d.length === 2);
      // The file changes on disk: MLS001 off.
      fs.writeFileSync(path.join(tmp.dir, '.mlrun-secrets.json'), JSON.stringify({ rules: { MLS001: 'off' } }));
      await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUriOf(path.join(tmp.dir, '.mlrun-secrets.json')), type: FileChangeType.Changed }] });
      diags = await server.waitDiagnostics(uri, d => d.length === 1 && d[0].code === 'MLS003');
      const now = await server.waitDiagnostics(gen, d => d.length === 1);
      assert.equal(now[0].code, 'MLS002', 'no longer excluded');
      server.assertHealthy();
    } finally {
      await server.stop();
      tmp.remove();
    }
  });

  it('stops a workspace scan when the user cancels its progress', async () => {
    const tmp = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`m${i}.py`] = 'task.with_secrets("env", "A")\n';
    writeTree(tmp.dir, files);
    const server = await LspServer.start({ folders: [tmp.dir] });
    try {
      // Cancel as soon as the progress begins (as a user clicking Cancel on the notification).
      server.connection.onNotification('$/progress', (p: { token: string | number; value: { kind: string } }) => {
        if (p.value.kind === 'begin') void server.connection.sendNotification('window/workDoneProgress/cancel', { token: p.token });
      });
      const r = await server.connection.sendRequest(ScanWorkspace.type, {});
      assert.equal(r.cancelled, true);
      assert.ok(r.files < 300, String(r.files));
      server.assertHealthy();
    } finally {
      await server.stop();
      tmp.remove();
    }
  });
});
