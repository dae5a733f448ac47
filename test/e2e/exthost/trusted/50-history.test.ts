/**
 * Scan Git History for Committed Secrets in a real extension host: a temporary repository where one commit adds a
 * literal to demo code and a later one removes it; the command (run on that folder, as from the explorer) lists the
 * committed value with its commit, date and key, and picking it runs Rotate… (Set Secret… preset with that key).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ScanHistory } from '../../../../shared/src/protocol';
import { commit, initRepo } from '../../../util/gitRepo';
import { canary } from '../../util/canary';
import { input, pick } from '../../util/scriptedHost';
import { useScriptedHost } from '../scripted';

const PROJECT = 'demo';
const KEY = 'E2E_HISTORY_PASSWORD';

describe('history scan in VS Code', () => {
  const s = useScriptedHost();
  const leaked = canary('history');
  const rotated = canary('rotated');
  let dir: string;
  let added: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlrun-secrets-e2e-history-'));
    initRepo(dir);
    const clean = 'import mlrun\n\nproject = mlrun.get_or_create_project("demo")\n';
    commit(dir, { 'src/project_setup.py': clean }, 'demo', '2024-01-02T09:00:00Z');
    added = commit(dir, { 'src/project_setup.py': `${clean}project.set_secrets({"${KEY}": "${leaked}"})\n` }, 'set up', '2024-02-03T10:00:00+01:00');
    commit(dir, { 'src/project_setup.py': clean }, 'remove the literal', '2024-03-04T11:00:00Z');
  });

  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await s.api.ctx.backends.local().deleteSecrets(PROJECT, [KEY]);
  });

  it('finds the literal an earlier commit made and a later one removed, and Rotate… sets that key', async () => {
    s.host.script(pick(KEY), input(rotated));
    const r = await vscode.commands.executeCommand<ScanHistory.Result>('mlrunSecrets.scanHistory', vscode.Uri.file(dir));
    assert.ok(r, s.host.allText());
    assert.equal(r.commits, 3);
    assert.equal(r.leaks.length, 1, JSON.stringify(r.leaks));
    const leak = r.leaks[0];
    assert.deepEqual([leak.commit, leak.authorDate, leak.path, leak.range.start.line, leak.rule, leak.key], [added, '2024-02-03T10:00:00+01:00', 'src/project_setup.py', 3, 'MLS003', KEY]);
    const pickPrompt = s.host.prompts.find(p => p.kind === 'quickPick');
    assert.match(pickPrompt?.title ?? '', /committed in the history of .*removing the code does not un-leak/);
    // Rotate… ran Set Secret… with the key preset: only the value was asked.
    const boxes = s.host.prompts.filter(p => p.kind === 'inputBox');
    assert.equal(boxes.length, 1, s.host.allText());
    assert.equal(boxes[0].password, true);
    const stored = await s.api.ctx.backends.local().readValues!(PROJECT, [KEY]);
    assert.ok(stored.ok);
    assert.equal(stored.value.get(KEY), rotated);
    assert.ok(!JSON.stringify(r).includes(leaked) && !s.host.allText().includes(leaked));
  });
});
