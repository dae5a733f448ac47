/**
 * The local backend end to end in a real extension host: the tree, Set Secret (live key validation, masked value,
 * confirmation before overwriting, collision and MLRun-owned warnings), Import Secrets (python-dotenv rules, MLRun's
 * drops, preview), Delete (multi-select, modal), Copy Key Name, the filter and paging, Insert get_secret, the
 * projectKeys notification, and `mlrunSecrets.storeLiterals` on demo/src/project_setup.py.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ProjectKeys, type StoreLiterals } from '../../../../shared/src/protocol';
import { canary } from '../../util/canary';
import { input, modal, open, pick, pickMany } from '../../util/scriptedHost';
import { setSettings } from '../../util/settings';
import { children, find, itemOf, labels, storeLabels } from '../../util/tree';
import { waitFor } from '../../util/wait';
import { openDemoFile, workspaceFolder } from '../extension';
import { useScriptedHost } from '../scripted';

const PROJECT = 'demo';

describe('local backend: tree and commands', () => {
  const s = useScriptedHost();
  const secret = canary('local');
  const local = () => s.api.ctx.backends.local();
  const value = async (key: string) => {
    const r = await local().readValues!(PROJECT, [key]);
    assert.ok(r.ok);
    return r.value.get(key);
  };
  const keyNode = async (key: string) => {
    const node = await waitFor(() => find(s.api, 'Local store', PROJECT, key), `key ${key} in the tree`);
    assert.match((await itemOf(s.api, node)).contextValue ?? '', /^mlrunSecrets\.key/);
    return node;
  };

  after(async () => {
    const keys = await local().listKeys(PROJECT);
    if (keys.ok && keys.value.length) await local().deleteSecrets(PROJECT, keys.value.map(k => k.name));
  });

  it('shows no backend (the welcome view) while nothing is connected', async () => {
    assert.equal(s.api.ctx.backends.active(), 'local');
    assert.deepEqual(await children(s.api), []);
    assert.match(s.api.statusBar.text, /Local secrets/);
  });

  it('Set Secret from the palette: project, key checked while typing, value in a masked box', async () => {
    s.host.script(
      pick(PROJECT),
      input('E2E_DB_PASSWORD', [
        { value: 'bad key', expect: /only ASCII letters/, severity: 'error' },
        { value: 'mlrun.internal', expect: /reserved for MLRun/, severity: 'error' },
        { value: '..x', expect: /"\.\."/, severity: 'error' },
        { value: 'TSDB_CONNECTION', expect: /MLRun writes this key/, severity: 'warning' },
        { value: 'E2E_DB_PASSWORD', expect: undefined },
      ]),
      input(secret),
    );
    const key = await vscode.commands.executeCommand('mlrunSecrets.setSecret');
    s.host.assertDone();
    assert.equal(key, 'E2E_DB_PASSWORD');
    const valueBox = s.host.prompts.filter(p => p.kind === 'inputBox')[1]!;
    assert.equal(valueBox.password, true, 'the value box is masked');
    assert.equal(await value('E2E_DB_PASSWORD'), secret);
    assert.match(s.host.last('info')!.text, /Set "E2E_DB_PASSWORD" in project "demo" in the local store/);

    // The tree: Local store (active) → demo (this folder, expanded) → the key, with metadata only.
    assert.deepEqual(await labels(s.api), ['Local store']);
    const projectNode = (await find(s.api, 'Local store', PROJECT))!;
    const projectItem = await itemOf(s.api, projectNode);
    assert.equal(projectItem.description, 'this folder');
    assert.equal(projectItem.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    const item = await itemOf(s.api, await keyNode('E2E_DB_PASSWORD'));
    assert.equal(item.contextValue, 'mlrunSecrets.key');
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /Value hidden/);
    assert.ok(!tooltip.includes(secret));
    assert.ok(!s.host.allText().includes(secret), 'the value is in no message or prompt');
  });

  it('asks before overwriting: Cancel keeps the old value, Overwrite replaces it', async () => {
    const node = await keyNode('E2E_DB_PASSWORD');
    const replacement = canary('replacement');
    s.host.script(input(replacement), modal(undefined, /"E2E_DB_PASSWORD" already exists in project "demo" in the local store/));
    await vscode.commands.executeCommand('mlrunSecrets.setSecret', node);
    s.host.assertDone();
    assert.equal(await value('E2E_DB_PASSWORD'), secret, 'unchanged after Cancel');

    s.host.script(input(replacement), modal('Overwrite'));
    await vscode.commands.executeCommand('mlrunSecrets.setSecret', await keyNode('E2E_DB_PASSWORD'));
    s.host.assertDone();
    assert.equal(await value('E2E_DB_PASSWORD'), replacement);
    await local().setSecrets(PROJECT, new Map([['E2E_DB_PASSWORD', secret]]));
  });

  it('warns that keys differing only in case become one variable in job pods', async () => {
    s.host.script(
      pick(PROJECT),
      input('e2e_db_password', [{ value: 'e2e_db_password', expect: /Differs only in case from "E2E_DB_PASSWORD": in job pods both become MLRUN_K8S_SECRET__E2E_DB_PASSWORD/, severity: 'warning' }]),
      input('other'),
      modal(undefined, /both become MLRUN_K8S_SECRET__E2E_DB_PASSWORD/),
    );
    await vscode.commands.executeCommand('mlrunSecrets.setSecret');
    s.host.assertDone();
    assert.equal(await value('e2e_db_password'), undefined, 'not stored after Cancel');
  });

  it('Import Secrets: python-dotenv rules, MLRUN_DBPATH and V3IO_* dropped, a preview to uncheck keys', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlrun-secrets-import-'));
    try {
      const file = path.join(dir, 'secrets.env');
      fs.writeFileSync(file, [
        '# team secrets',
        'export IMP_A=1',
        'MLRUN_DBPATH=https://mlrun.example.invalid',
        'V3IO_USERNAME=someone',
        'IMP_B="${IMP_A}-x\\n"',
        "IMP_C='single ${IMP_A}'",
        'IMP_EMPTY=',
      ].join('\n'));
      s.host.script(pick(PROJECT), open(vscode.Uri.file(file)), pickMany('IMP_A', 'IMP_B'));
      const imported = await vscode.commands.executeCommand('mlrunSecrets.importSecrets');
      s.host.assertDone();
      assert.deepEqual(imported, ['IMP_A', 'IMP_B']);
      const preview = s.host.prompts.find(p => p.kind === 'quickPick' && p.canPickMany)!;
      assert.deepEqual(preview.labels, ['IMP_A', 'IMP_B', 'IMP_C'], 'the preview lists the keys MLRun would store');
      assert.match(preview.placeHolder!, /dropped as MLRun does: MLRUN_DBPATH, V3IO_USERNAME/);
      assert.match(preview.placeHolder!, /empty, skipped: IMP_EMPTY/);
      assert.equal(await value('IMP_A'), '1');
      assert.equal(await value('IMP_B'), '1-x\n', 'expanded, and double-quoted escapes decoded');
      assert.equal(await value('IMP_C'), undefined, 'unchecked in the preview');
      assert.equal(await value('MLRUN_DBPATH'), undefined);

      // A line without "=" makes MLRun refuse the whole file: nothing is written.
      fs.writeFileSync(file, 'IMP_D=4\nNO_EQUALS\n');
      s.host.script(pick(PROJECT), open(vscode.Uri.file(file)));
      await vscode.commands.executeCommand('mlrunSecrets.importSecrets');
      s.host.assertDone();
      assert.match(s.host.last('error')!.text, /Cannot import secrets\.env; nothing was written\. Line 2: "NO_EQUALS" has no "="/);
      assert.equal(await value('IMP_D'), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('filters keys (with wildcards) and clears the filter', async () => {
    await vscode.commands.executeCommand('mlrunSecrets.filterTree', 'imp_*');
    assert.equal(s.api.ctx.view!.filterText(), 'imp_*');
    const filtered = (await find(s.api, 'Local store', PROJECT))!;
    assert.match(filtered.id, /filtered/);
    assert.equal((await itemOf(s.api, filtered)).collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    assert.deepEqual(await labels(s.api, filtered), ['IMP_A', 'IMP_B']);
    await vscode.commands.executeCommand('mlrunSecrets.filterTree', 'nothing-matches-this');
    assert.deepEqual(await labels(s.api, (await find(s.api, 'Local store'))!), ['No key matches "nothing-matches-this"']);
    await vscode.commands.executeCommand('mlrunSecrets.clearFilter');
    assert.equal(s.api.ctx.view!.filterText(), undefined);
    assert.deepEqual(await storeLabels(s.api, (await find(s.api, 'Local store', PROJECT))!), ['E2E_DB_PASSWORD', 'IMP_A', 'IMP_B']);
  });

  it('pages long key lists with "Load more"', async () => {
    const many = new Map(Array.from({ length: 205 }, (_, i) => [`PAGE_${String(i).padStart(3, '0')}`, 'v']));
    assert.ok((await local().setSecrets('paging', many)).ok);
    try {
      s.api.ctx.keys.invalidate({ backend: 'local', project: 'paging' });
      const project = await waitFor(() => find(s.api, 'Local store', 'paging'), 'project paging');
      let kids = await labels(s.api, project);
      assert.equal(kids.length, 201);
      assert.equal(kids[200], 'Load 5 more keys…');
      const more = (await children(s.api, project))[200]!;
      await vscode.commands.executeCommand('mlrunSecrets.loadMore', more);
      kids = await labels(s.api, project);
      assert.equal(kids.length, 205);
      assert.equal(kids[204], 'PAGE_204');
    } finally {
      await local().deleteSecrets('paging', [...many.keys()]);
    }
  });

  it('Copy Key Name copies the name and clears the clipboard after the timeout', async () => {
    const restore = await setSettings({ clipboardTimeoutSeconds: 1 });
    try {
      const r = await vscode.commands.executeCommand<{ text: string; cleared: Promise<boolean> }>('mlrunSecrets.copyKeyName', await keyNode('IMP_A'));
      assert.equal(r.text, 'IMP_A');
      assert.equal(await vscode.env.clipboard.readText(), 'IMP_A');
      assert.equal(await r.cleared, true);
      assert.equal(await vscode.env.clipboard.readText(), '');
    } finally {
      await restore();
    }
  });

  it('Insert get_secret writes the call that fits the cursor', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'import mlrun\n\npassword = \nvalue = context.\n' });
    const editor = await vscode.window.showTextDocument(doc);
    try {
      editor.selection = new vscode.Selection(2, 11, 2, 11);
      await vscode.commands.executeCommand('mlrunSecrets.insertGetSecret', await keyNode('E2E_DB_PASSWORD'));
      editor.selection = new vscode.Selection(3, 16, 3, 16);
      await vscode.commands.executeCommand('mlrunSecrets.insertGetSecret', await keyNode('IMP_A'));
      assert.equal(doc.lineAt(2).text, 'password = mlrun.get_secret_or_env("E2E_DB_PASSWORD")');
      assert.equal(doc.lineAt(3).text, 'value = context.get_secret("IMP_A")');
      // From the palette: keys of the folder's project in the active backend.
      editor.selection = new vscode.Selection(1, 0, 1, 0);
      s.host.script(pick('IMP_B'));
      await vscode.commands.executeCommand('mlrunSecrets.insertGetSecret');
      s.host.assertDone();
      assert.equal(doc.lineAt(1).text, 'mlrun.get_secret_or_env("IMP_B")');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('Delete Secret on several selected keys, with a modal that warns about MLRun-owned keys', async () => {
    assert.ok((await local().setSecrets(PROJECT, new Map([['TSDB_CONNECTION', 'v3io://x']]))).ok);
    s.api.ctx.keys.invalidate({ backend: 'local', project: PROJECT });
    const owned = await keyNode('TSDB_CONNECTION');
    assert.equal((await itemOf(s.api, owned)).contextValue, 'mlrunSecrets.key.mlrunOwned');
    const a = await keyNode('IMP_A');
    const b = await keyNode('IMP_B');
    s.host.script(modal(undefined, /MLRun writes "TSDB_CONNECTION" itself/));
    await vscode.commands.executeCommand('mlrunSecrets.deleteSecret', owned, [owned, a, b]);
    s.host.assertDone();
    assert.equal(await value('IMP_A'), '1', 'nothing deleted after Cancel');

    s.host.script(modal('Delete', /^Delete "TSDB_CONNECTION", "IMP_A" and "IMP_B" from project "demo" in the local store\?/));
    const deleted = await vscode.commands.executeCommand('mlrunSecrets.deleteSecret', owned, [owned, a, b]);
    s.host.assertDone();
    assert.deepEqual(deleted, ['TSDB_CONNECTION', 'IMP_A', 'IMP_B']);
    const keys = await local().listKeys(PROJECT);
    assert.ok(keys.ok);
    assert.deepEqual(keys.value.map(k => k.name), ['E2E_DB_PASSWORD']);
    await waitFor(async () => (await storeLabels(s.api, (await find(s.api, 'Local store', PROJECT))!)).join() === 'E2E_DB_PASSWORD', 'the tree without the deleted keys');
  });

  it('sends the folder\'s project keys to the language server, and again after it restarts', async () => {
    const folderUri = workspaceFolder().uri.toString();
    await waitFor(() => {
      const sent = s.api.projectKeys.sent.get(folderUri);
      return sent?.project === PROJECT && sent.backend === 'local' && JSON.stringify(sent.keys) === '["E2E_DB_PASSWORD"]';
    }, 'projectKeys with the current keys');
    const client = s.api.ctx.server.current!;
    const proto = Object.getPrototypeOf(client) as { sendNotification: (...a: unknown[]) => Promise<void> };
    const original = proto.sendNotification;
    const seen: ProjectKeys.Params[] = [];
    proto.sendNotification = function (this: unknown, type: unknown, params?: unknown) {
      if ((type as { method?: string })?.method === ProjectKeys.method) seen.push(params as ProjectKeys.Params);
      return original.apply(this, [type, params]);
    };
    try {
      await vscode.commands.executeCommand('mlrunSecrets.restartServer');
      await waitFor(() => seen.some(p => p.folderUri === folderUri && p.project === PROJECT && p.keys?.includes('E2E_DB_PASSWORD')), 'projectKeys after the restart');
      assert.ok(!JSON.stringify(seen).includes(secret), 'key names only');
    } finally {
      proto.sendNotification = original;
    }
  });

  it('cancelling the progress stops a command before it asks or writes anything', async () => {
    s.host.cancelProgress = /Reading the keys of project "demo"/;
    const project = (await find(s.api, 'Local store', PROJECT))!;
    assert.equal(await vscode.commands.executeCommand('mlrunSecrets.setSecret', project), undefined);
    s.host.assertDone();
    assert.deepEqual(s.host.progress, ['Reading the keys of project "demo" in the local store…']);
    assert.equal(s.host.prompts.length, 0, 'no key was asked for');
    assert.equal(s.host.last('info')!.text, 'MLRun Secrets: The operation was cancelled.');
  });

  it('Select Project for Folder overrides the detected project, and detecting comes back', async () => {
    const folder = workspaceFolder();
    const sent = () => s.api.projectKeys.sent.get(folder.uri.toString());
    s.host.script(pick('$(edit) Type a project name…'), input('other-project', [{ value: 'Other_Project', expect: /lower-case letters/ }]));
    assert.equal(await vscode.commands.executeCommand('mlrunSecrets.selectProject'), 'other-project');
    s.host.assertDone();
    assert.equal(vscode.workspace.getConfiguration('mlrunSecrets', folder.uri).inspect('project')?.workspaceFolderValue ?? vscode.workspace.getConfiguration('mlrunSecrets', folder.uri).inspect('project')?.workspaceValue, 'other-project');
    await waitFor(() => sent()?.project === 'other-project' && JSON.stringify(sent()?.keys) === '[]', 'projectKeys for the chosen project');
    assert.equal(await s.api.ctx.projects.project(folder), 'other-project');

    s.host.script(pick('$(search) Detect from the code and project.yaml'));
    await vscode.commands.executeCommand('mlrunSecrets.selectProject');
    s.host.assertDone();
    await waitFor(() => sent()?.project === PROJECT, 'projectKeys for the detected project again');
  });

  it('Refresh reconnects and re-reads the tree and the keys', async () => {
    assert.ok((await local().setSecrets(PROJECT, new Map([['OUTSIDE_WRITE', 'v']]))).ok);
    await vscode.commands.executeCommand('mlrunSecrets.refresh');
    await waitFor(async () => (await labels(s.api, (await find(s.api, 'Local store', PROJECT))!)).includes('OUTSIDE_WRITE'), 'the key written outside the commands');
    await waitFor(() => s.api.projectKeys.sent.get(workspaceFolder().uri.toString())?.keys?.includes('OUTSIDE_WRITE'), 'projectKeys after Refresh');
    await local().deleteSecrets(PROJECT, ['OUTSIDE_WRITE']);
  });

  describe('mlrunSecrets.storeLiterals (the MLS001/MLS003 quick fix) on demo/src/project_setup.py', () => {
    let doc: vscode.TextDocument;
    const literal = (line: number, text: string) => {
      const at = doc.lineAt(line).text.indexOf(text);
      assert.ok(at >= 0, `${text} on line ${line + 1}`);
      return { start: { line, character: at }, end: { line, character: at + text.length } };
    };
    const lineOf = (text: string) => doc.getText().split('\n').findIndex(l => l.includes(text));
    beforeEach(async () => {
      doc = (await openDemoFile('src/project_setup.py')).document;
    });
    afterEach(async () => {
      if (doc.isDirty) {
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
      await local().deleteSecrets(PROJECT, ['DB_PASSWORD', 'METRICS_TOKEN']);
    });

    function inlineArgs(project: string): StoreLiterals.Args {
      const line = lineOf('task.with_secrets("inline"');
      const call = doc.lineAt(line).text;
      const argsStart = call.indexOf('"inline"');
      return {
        uri: doc.uri.toString(),
        project,
        literals: [{ key: 'DB_PASSWORD', range: literal(line, '"s3cr3t-demo-value"') }],
        rewrite: [{ range: { start: { line, character: argsStart }, end: { line, character: call.lastIndexOf(')') } }, newText: '"kubernetes", ["DB_PASSWORD"]' }],
      };
    }

    it('reads the value from the document, stores it after a confirmation that lists the keys, then rewrites', async () => {
      s.host.script(modal('Store and Rewrite', /Store 1 value from project_setup\.py as secrets of project "demo" in the local store\?[\s\S]*Keys: DB_PASSWORD\./));
      const stored = await vscode.commands.executeCommand('mlrunSecrets.storeLiterals', inlineArgs(PROJECT));
      s.host.assertDone();
      assert.deepEqual(stored, ['DB_PASSWORD']);
      assert.equal(await value('DB_PASSWORD'), 's3cr3t-demo-value');
      assert.equal(doc.lineAt(lineOf('task.with_secrets(')).text, 'task.with_secrets("kubernetes", ["DB_PASSWORD"])');
      assert.ok(!s.host.allText().includes('s3cr3t-demo-value'));
    });

    it('asks for the project when the server did not know it, and stores both literals of set_secrets', async () => {
      const line = lineOf('project.set_secrets(');
      const args: StoreLiterals.Args = {
        uri: doc.uri.toString(),
        project: '',
        literals: [
          { key: 'DB_PASSWORD', range: literal(line, '"s3cr3t-demo-value"') },
          { key: 'METRICS_TOKEN', range: literal(line, '"tok-demo-123"') },
        ],
        rewrite: [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' }],
      };
      s.host.script(pick(PROJECT), modal('Store and Rewrite', /Keys: DB_PASSWORD, METRICS_TOKEN\./));
      await vscode.commands.executeCommand('mlrunSecrets.storeLiterals', args);
      s.host.assertDone();
      assert.equal(await value('DB_PASSWORD'), 's3cr3t-demo-value');
      assert.equal(await value('METRICS_TOKEN'), 'tok-demo-123');
      assert.equal(lineOf('project.set_secrets('), -1, 'the call is gone');
    });

    it('does nothing when cancelled, and nothing half-done when a key cannot be stored', async () => {
      const before = doc.getText();
      s.host.script(modal(undefined));
      await vscode.commands.executeCommand('mlrunSecrets.storeLiterals', inlineArgs(PROJECT));
      s.host.assertDone();
      assert.equal(doc.getText(), before);
      assert.equal(await value('DB_PASSWORD'), undefined);

      const bad = inlineArgs(PROJECT);
      bad.literals[0]!.key = 'BAD KEY';
      await vscode.commands.executeCommand('mlrunSecrets.storeLiterals', bad);
      s.host.assertDone();
      assert.match(s.host.last('error')!.text, /Cannot store "BAD KEY" in project "demo" in the local store: .*Nothing was stored\./);
      assert.equal(doc.getText(), before);

      const notALiteral = inlineArgs(PROJECT);
      notALiteral.literals[0]!.range = literal(lineOf('task.with_secrets("inline"'), 'task');
      await vscode.commands.executeCommand('mlrunSecrets.storeLiterals', notALiteral);
      assert.match(s.host.last('error')!.text, /cannot be stored: it is not a string literal\. Nothing was stored\./);
      assert.equal(doc.getText(), before);
    });
  });
});
