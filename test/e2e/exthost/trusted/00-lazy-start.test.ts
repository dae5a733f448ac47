/**
 * Runs first: the extension is active (the demo has a project.yaml) but no document is open yet, so the language
 * server has not started. A Markdown or YAML file about nothing MLRun does not start it; one naming MLRun does.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from '../../util/wait';
import { activeApi, workspaceFolder } from '../extension';

async function open(relative: string, text: string): Promise<vscode.TextDocument> {
  const file = path.join(workspaceFolder().uri.fsPath, relative);
  fs.writeFileSync(file, text);
  return vscode.workspace.openTextDocument(vscode.Uri.file(file));
}

describe('language server starts with the first document it has something to say about', () => {
  it('Markdown and YAML without MLRun leave it unstarted; Markdown naming MLRun starts it', async () => {
    const api = await activeApi();
    assert.equal(api.ctx.server.state, 'notStarted', `already started: ${api.serverStart.reason}`);
    assert.equal(api.languageStatus.detail, 'language server not started');
    const notes = await open('notes.md', '# Shopping list\n\n- milk\n- bread\n');
    const config = await open('config.yaml', 'retries: 3\ncolour: blue\n');
    assert.equal(notes.languageId, 'markdown');
    assert.equal(config.languageId, 'yaml');
    // onDidOpenTextDocument ran before openTextDocument resolved: no start was asked for.
    assert.equal(api.serverStart.reason, undefined);
    assert.equal(api.ctx.server.state, 'notStarted');

    await open('about.md', '# Training\n\n```python\nimport mlrun\n```\n');
    await waitFor(() => api.ctx.server.current, 'the language server to start for about.md');
    assert.equal(api.serverStart.reason, 'about.md is open');
    await waitFor(() => api.languageStatus.detail === 'language server running', 'the language status to say the server runs');
  });

  it('the language status item of a Python file names the folder\'s project', async () => {
    const api = await activeApi();
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceFolder().uri, 'src', 'trainer.py'));
    await vscode.window.showTextDocument(doc);
    await waitFor(() => api.languageStatus.text === 'MLRun: demo', `the language status (now "${api.languageStatus.text}")`);
  });
});
