import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, openDemoFile, workspaceFolder } from '../extension';
import { JobsHost } from '../jobsHost';

describe('Run Job with Secrets in Restricted Mode', () => {
  it('refuses to run or re-run a job, says why, and starts nothing', async () => {
    await openDemoFile('src/trainer.py');
    const { ctx } = await activeApi();
    const saved = ctx.host;
    const host = new JobsHost({ answers: [] });
    ctx.host = host;
    try {
      const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'src', 'trainer.py');
      assert.equal(await vscode.commands.executeCommand('mlrunSecrets.runJob', { uri: uri.toString(), handler: 'train' }), undefined);
      assert.equal(await vscode.commands.executeCommand('mlrunSecrets.rerunJob'), undefined);
      const refusals = host.messages.filter(m => m.kind === 'warning').map(m => m.text);
      assert.deepEqual(refusals, [
        'MLRun Secrets: "Run Job with Secrets…" is disabled in Restricted Mode because it would run code from this workspace. Trust this workspace to use it.',
        'MLRun Secrets: "Re-run Last Job" is disabled in Restricted Mode because it would run code from this workspace. Trust this workspace to use it.',
      ]);
      assert.deepEqual(host.prompts.filter(p => p.kind !== 'warning'), [], 'no step was asked');
      assert.equal(vscode.window.terminals.some(t => t.name.startsWith('MLRun:')), false);
    } finally {
      ctx.host = saved;
    }
  });
});
