import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { setting } from '../../../../client/src/config';
import { waitFor } from '../../util/wait';
import { activeApi, extension, openDemoFile, workspaceFolder } from '../extension';
import { e2eConfig } from '../../util/config';

describe('foundation, in a real VS Code extension host', () => {
  it('runs in the Node extension host with the real vscode API', () => {
    assert.match(vscode.version, /^1\.\d+\./);
    assert.equal(typeof process.versions.node, 'string');
    assert.equal(vscode.workspace.isTrusted, true);
    console.log(`    vscode ${vscode.version}, node ${process.versions.node}, remoteName=${vscode.env.remoteName}, uiKind=${vscode.env.uiKind}`);
  });

  it('is activated by VS Code when a Python file opens, and reports its activation time', async () => {
    await openDemoFile('src/trainer.py');
    const api = await activeApi();
    assert.ok(api.activationMs >= 0 && api.activationMs < 10_000, `activationMs = ${api.activationMs}`);
    console.log(`    activation took ${api.activationMs} ms`);
  });

  it('starts the language server over IPC and restarts it on command', async () => {
    const api = await activeApi();
    const first = await waitFor(() => api.ctx.server.current, 'the language server to run');
    assert.equal(first.initializeResult?.serverInfo?.name, 'mlrun-secrets');
    await vscode.commands.executeCommand('mlrunSecrets.restartServer');
    const second = await waitFor(() => api.ctx.server.current, 'the restarted language server');
    assert.notEqual(second, first, 'a new client after the restart');
    assert.equal(first.isRunning(), false);
  });

  it('reads machine-scoped settings from the remote Machine/settings.json and ignores workspace values', () => {
    const cfg = e2eConfig();
    // Seeded by the harness in Machine/settings.json:
    assert.equal(setting('jobs.image'), cfg.machineSettings['mlrunSecrets.jobs.image']);
    // The workspace copy's .vscode/settings.json tries to point the extension elsewhere:
    const file = path.join(workspaceFolder().uri.fsPath, '.vscode', 'settings.json');
    assert.match(fs.readFileSync(file, 'utf8'), /attacker\.invalid/, 'the harness wrote workspace values');
    for (const key of ['mlrunApi.endpoint', 'jobs.pythonPath'] as const) {
      const inspected = vscode.workspace.getConfiguration('mlrunSecrets').inspect<string>(key);
      assert.equal(inspected?.workspaceValue, undefined, `VS Code drops the workspace value of machine-scoped ${key}`);
      assert.equal(setting(key), cfg.machineSettings[`mlrunSecrets.${key}`] ?? '', `${key} comes from machine settings`);
    }
  });

  it('contributes its view container, view and walkthrough', () => {
    const pkg = extension().packageJSON;
    assert.equal(pkg.contributes.viewsContainers.activitybar[0].id, 'mlrunSecrets');
    assert.equal(pkg.contributes.views.mlrunSecrets[0].id, 'mlrunSecrets.secrets');
    // Opening the walkthrough is checked through the UI (test/e2e/ui/suites/trusted.ts): in an extension
    // development host code-server's Welcome editor does not select extension walkthroughs by id.
    assert.equal(pkg.contributes.walkthroughs[0].id, 'mlrunSecrets.gettingStarted');
  });
});
