import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { ScanWorkspace } from '../../../shared/src/protocol';
import { fileUriOf } from '../../util/lspClient';
import { withLspServer } from '../../util/lspSuite';

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd, stdio: 'ignore' });
}

describe('language server: file facts and configuration', function () {
  this.timeout(30_000);

  it('asks git itself about secrets files (no request to the client), never running what the repository config names', async () => {
    await withLspServer({ files: { 'prod.env': 'A=1\n', 'src/.keep': '' } }, async (server, dir) => {
      git(dir, 'init', '-q');
      git(dir, 'add', 'prod.env');
      git(dir, 'commit', '-q', '-m', 'init');
      // A workspace's .git/config may name a program git runs when it reads the index: the server must not run it.
      const marker = path.join(dir, 'fsmonitor-ran');
      const hook = path.join(dir, 'fsmonitor.sh');
      fs.writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
      git(dir, 'config', 'core.fsmonitor', hook);
      const asked: string[] = [];
      server.connection.onRequest('mlrunSecrets/fileFacts', () => { asked.push('fileFacts'); return {}; });
      const uri = fileUriOf(path.join(dir, 'src', 'setup.py'));
      await server.open(uri, 'python', 'project.set_secrets(file_path="prod.env")\n');
      const diags = await server.waitDiagnostics(uri, d => d.some(x => x.code === 'MLS007'));
      assert.deepEqual(diags.map(d => d.code).sort(), ['MLS002', 'MLS007']);
      assert.match(String(diags.find(d => d.code === 'MLS007')!.message), /tracked by git/);
      assert.deepEqual(asked, []);
      assert.equal(fs.existsSync(marker), false, 'the fsmonitor program ran');
    });
  });

  it('answers file facts outside git too', async () => {
    await withLspServer({ files: { 'secrets.env': 'A=1\n' } }, async (server, dir) => {
      const uri = fileUriOf(path.join(dir, 'job.py'));
      await server.open(uri, 'python', 'task.with_secrets("file", "secrets.env")\n');
      const diags = await server.waitDiagnostics(uri, d => d.some(x => x.code === 'MLS007'));
      assert.match(String(diags.find(d => d.code === 'MLS007')!.message), /"secrets.env" exists and is not ignored by git/);
    });
  });

  it('applies .mlrun-secrets.json, with settings overriding it, and reloads both', async () => {
    const settings: Record<string, unknown> = { rules: { MLS003: 'off' } };
    await withLspServer({
      files: { '.mlrun-secrets.json': JSON.stringify({ rules: { MLS001: 'error' }, exclude: ['generated/'] }) },
      options: { settings },
    }, async (server, dir) => {
      const uri = fileUriOf(path.join(dir, 'job.py'));
      await server.open(uri, 'python', 'task.with_secrets("inline", {"A": "x"})\n');
      const diags = await server.waitDiagnostics(uri, d => d.length > 0);
      assert.deepEqual(diags.map(d => [d.code, d.severity]), [['MLS001', 1]]);
      const gen = fileUriOf(path.join(dir, 'generated', 'x.py'));
      await server.open(gen, 'python', 'project.set_secrets(file_path="x.env")\n');
      assert.deepEqual(await server.waitDiagnostics(gen), [], 'excluded');
      // Settings change: MLS003 back on.
      settings.rules = {};
      await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      await server.waitDiagnostics(uri, d => d.length === 2);
      // The file changes on disk: MLS001 off.
      fs.writeFileSync(path.join(dir, '.mlrun-secrets.json'), JSON.stringify({ rules: { MLS001: 'off' } }));
      await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUriOf(path.join(dir, '.mlrun-secrets.json')), type: FileChangeType.Changed }] });
      await server.waitDiagnostics(uri, d => d.length === 1 && d[0].code === 'MLS003');
      const now = await server.waitDiagnostics(gen, d => d.length === 1);
      assert.equal(now[0].code, 'MLS002', 'no longer excluded');
    });
  });

  it('stops a workspace scan when the user cancels its progress', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`m${i}.py`] = 'task.with_secrets("env", "A")\n';
    await withLspServer({ files }, async server => {
      // Cancel as soon as the progress begins (as a user clicking Cancel on the notification).
      server.connection.onNotification('$/progress', (p: { token: string | number; value: { kind: string } }) => {
        if (p.value.kind === 'begin') void server.connection.sendNotification('window/workDoneProgress/cancel', { token: p.token });
      });
      const r = await server.connection.sendRequest(ScanWorkspace.type, {});
      assert.equal(r.cancelled, true);
      assert.ok(r.files < 300, String(r.files));
    });
  });
});
