import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../../util/wait';
import { activeApi, openDemoFile } from '../extension';

describe('Restricted Mode (workspace trust enabled, folder not trusted)', () => {
  it('opens the folder untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still activates and runs the language server', async () => {
    await openDemoFile('src/project_setup.py');
    const api = await activeApi();
    await waitFor(() => api.ctx.server.current, 'the language server to run in Restricted Mode');
  });
});
