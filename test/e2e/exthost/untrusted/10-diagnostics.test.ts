/** Restricted Mode: the language server still analyses code and publishes diagnostics. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../../util/wait';
import { openDemoFile, ourDiagnostics } from '../extension';

describe('diagnostics in Restricted Mode', () => {
  it('publishes MLS001/MLS002/MLS003 for an untrusted folder', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const { document: doc } = await openDemoFile('src/project_setup.py');
    const diags = await waitFor(() => {
      const d = ourDiagnostics(doc.uri);
      return d.length >= 5 ? d : undefined;
    }, 'diagnostics of project_setup.py');
    const codes = new Set(diags.map(d => (d.code as { value: string }).value));
    assert.deepEqual([...codes].sort(), ['MLS001', 'MLS002', 'MLS003']);
  });
});
