/**
 * Key usage across the workspace in a real extension host, on the demo: key nodes say how many places of the code
 * name them (or "unused"), the Missing group lists what the code reads that the store lacks (with Set Secret preset),
 * and Find Usages shows the places as Find All References does.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { children, find, itemOf, labels } from '../../util/tree';
import { waitFor } from '../../util/wait';
import { openDemoFile, workspaceFolder } from '../extension';
import { useScriptedHost } from '../scripted';

const PROJECT = 'demo';

describe('key usage: counts, unused, Missing and Find Usages in the tree', () => {
  const s = useScriptedHost();
  const local = () => s.api.ctx.backends.local();

  before(async () => {
    const r = await local().setSecrets(PROJECT, new Map([['DB_PASSWORD', 'e2e-usage-value'], ['E2E_UNUSED', 'e2e-usage-value']]));
    assert.ok(r.ok);
    s.api.ctx.view.refresh();
    // The language server starts with the first document it has something to say about.
    await openDemoFile('src/trainer.py');
  });

  after(async () => {
    await local().deleteSecrets(PROJECT, ['DB_PASSWORD', 'E2E_UNUSED']);
    s.api.ctx.view.refresh();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const description = async (...path: string[]): Promise<string> => {
    const node = await find(s.api, 'Local store', ...path);
    return node ? String((await itemOf(s.api, node)).description ?? '') : '';
  };

  it('shows usage counts on key nodes and marks a key no code names as unused', async () => {
    await waitFor(async () => /^\d+ uses$/.test(await description(PROJECT, 'DB_PASSWORD')), 'a usage count on DB_PASSWORD');
    assert.equal(await description(PROJECT, 'E2E_UNUSED'), 'unused');
    assert.ok(await find(s.api, 'Local store', PROJECT, 'E2E_UNUSED'), 'an unused key stays in the tree');
  });

  it('lists the keys the demo reads but the store lacks under Missing, with Set Secret preset', async () => {
    const missing = await waitFor(() => find(s.api, 'Local store', PROJECT, 'Missing'), 'the Missing group');
    const keys = await labels(s.api, missing);
    assert.deepEqual(keys, ['AWS_ACCESS_KEY_ID', 'METRICS_TOKEN'], 'get_secret_or_env in the notebook and trainer.py');
    const node = (await children(s.api, missing))[1]!;
    const item = await itemOf(s.api, node);
    assert.equal(item.label, 'METRICS_TOKEN');
    assert.equal(item.contextValue, 'mlrunSecrets.missingKey');
    assert.equal(item.description, 'missing · 2 uses', 'read in trainer.py, written by set_secrets in project_setup.py');
    assert.equal(item.command?.command, 'mlrunSecrets.setSecret');
    // Agrees with MLS004 in the open file.
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'src/trainer.py');
    await waitFor(() => vscode.languages.getDiagnostics(uri).some(d => d.code === 'MLS004' || (typeof d.code === 'object' && d.code.value === 'MLS004')), 'MLS004 in trainer.py');
    const mls004 = vscode.languages.getDiagnostics(uri).filter(d => String(typeof d.code === 'object' ? d.code.value : d.code) === 'MLS004');
    assert.deepEqual(mls004.map(d => /"([^"]+)"/.exec(d.message)![1]), ['METRICS_TOKEN']);
  });

  it('Find Usages shows every place the code names the key, as Find All References does', async () => {
    const node = (await find(s.api, 'Local store', PROJECT, 'DB_PASSWORD'))!;
    assert.equal((await itemOf(s.api, node)).contextValue, 'mlrunSecrets.key');
    const count = Number(/^(\d+)/.exec(await description(PROJECT, 'DB_PASSWORD'))![1]);
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('mlrunSecrets.findUsages', node);
    assert.equal(locations.length, count, 'the count on the node is the number of places listed');
    const files = [...new Set(locations.map(l => vscode.workspace.asRelativePath(l.uri)))].sort();
    assert.deepEqual(files, ['docs/secrets.md', 'src/project_setup.py', 'src/trainer.py']);
    // editor.action.showReferences opens the first place in an editor with the references peek.
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === locations[0]!.uri.toString(), 'the first usage in the editor');
    await vscode.commands.executeCommand('closeReferenceSearch');
  });
});
