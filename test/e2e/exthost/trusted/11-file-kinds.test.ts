/**
 * The file kinds of shared/src/fileKinds.ts inside a real VS Code: an env file reaches the language server whatever
 * language id VS Code gives it (the client selects it by name), and so does a CI workflow.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../../util/wait';
import { ourDiagnostics, workspaceFolder } from '../extension';

const CANARY = 'CANARY-e2e-envfile-93b1';

describe('analysable file kinds in VS Code', () => {
  const created: vscode.Uri[] = [];

  async function write(rel: string, text: string): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, ...rel.split('/'));
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    created.push(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    return doc;
  }

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of created) await vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
  });

  // The demo's .gitignore ignores *.env and .env*; MLRun's habitual secrets.txt is not ignored.
  it('an env file that git does not ignore gets MLS010 on the value, never the value in a message', async () => {
    const doc = await write('secrets.txt', `MLRUN_DBPATH=https://mlrun.example.com\nV3IO_ACCESS_KEY=${CANARY}\n`);
    const diags = await waitFor(() => {
      const d = ourDiagnostics(doc.uri);
      return d.length > 0 ? d : undefined;
    }, `MLS010 in secrets.txt (language id ${doc.languageId})`, 30_000);
    assert.deepEqual(diags.map(d => [typeof d.code === 'object' ? d.code.value : d.code, d.range.start.line]), [['MLS010', 1]]);
    assert.ok(!diags.some(d => d.message.includes(CANARY)));
  });

  it('a GitHub Actions step that gives the MLRun CLI an env source gets MLS001', async () => {
    const doc = await write('.github/workflows/e2e.yml', 'jobs:\n  a:\n    steps:\n      - run: mlrun project ./ -s env=GITHUB_TOKEN\n');
    const diags = await waitFor(() => {
      const d = ourDiagnostics(doc.uri);
      return d.length > 0 ? d : undefined;
    }, 'MLS001 in the workflow', 30_000);
    assert.deepEqual(diags.map(d => [typeof d.code === 'object' ? d.code.value : d.code, d.range.start.line]), [['MLS001', 3]]);
  });
});
