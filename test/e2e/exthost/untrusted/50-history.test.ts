import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { commit, initRepo } from '../../../util/gitRepo';
import { activeApi } from '../extension';
import { JobsHost } from '../jobsHost';

describe('Scan Git History in Restricted Mode', () => {
  it('refuses to scan (it runs git), says why, and asks nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlrun-secrets-e2e-history-'));
    const { ctx } = await activeApi();
    const saved = ctx.host;
    const host = new JobsHost({ answers: [] });
    ctx.host = host;
    try {
      initRepo(dir);
      commit(dir, { 'setup.py': 'project.set_secrets({"K": "v-untrusted"})\n' }, 'one', '2024-01-01T00:00:00Z');
      assert.equal(await vscode.commands.executeCommand('mlrunSecrets.scanHistory', vscode.Uri.file(dir)), undefined);
      assert.deepEqual(host.messages.filter(m => m.kind === 'warning').map(m => m.text), [
        'MLRun Secrets: "Scan Git History for Committed Secrets" is disabled in Restricted Mode because it would run git in this workspace. Trust this workspace to use it.',
      ]);
      assert.deepEqual(host.prompts.filter(p => p.kind !== 'warning'), [], 'no step was asked');
    } finally {
      ctx.host = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
