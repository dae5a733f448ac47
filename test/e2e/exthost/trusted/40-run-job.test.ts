/**
 * "Run Job with Secrets…" driven through a scripted host in the real extension host: the demo handler
 * (`src/trainer.py:train`, which reads DB_PASSWORD with `context.get_secret` and logs its SHA-256) runs as a local
 * process with the secret from the local store; its output reaches the job's terminal; the value is nowhere else.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../../../../client/src/ctx';
import type { Host } from '../../../../client/src/ui/host';
import { waitFor } from '../../util/wait';
import { activeApi, openDemoFile, workspaceFolder } from '../extension';
import { JobsHost } from '../jobsHost';

interface Summary {
  state: string;
  exitCode?: number;
  durationMs: number;
  message: string;
  target: string;
  provider: string;
  terminal: string;
  transcript: string;
}

const CANARY = `e2e-canary-${randomBytes(8).toString('hex')}-ü`;
const SHA = createHash('sha256').update(CANARY, 'utf8').digest('hex');

function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (name === '.git') continue;
    const p = path.join(dir, name);
    const st = fs.statSync(p);
    if (st.isDirectory()) hits.push(...filesContaining(p, needle));
    else if (fs.readFileSync(p).toString('utf8').includes(needle)) hits.push(p);
  }
  return hits;
}

describe('Run Job with Secrets (local target, local store)', function () {
  this.timeout(120_000);
  let ctx: Ctx;
  let savedHost: Host;

  before(async () => {
    await openDemoFile('src/trainer.py');
    ctx = (await activeApi()).ctx;
    savedHost = ctx.host;
    const set = await ctx.backends.local().setSecrets('demo', new Map([['DB_PASSWORD', CANARY]]));
    assert.ok(set.ok, set.ok ? '' : set.error.message);
  });

  after(async () => {
    ctx.host = savedHost;
    await ctx.backends.local().deleteSecrets('demo', ['DB_PASSWORD']);
  });

  const trainer = (): vscode.Uri => vscode.Uri.joinPath(workspaceFolder().uri, 'src', 'trainer.py');

  it('runs the demo handler from its CodeLens arguments: local store → local process, output in the terminal', async () => {
    const host = new JobsHost({
      answers: [
        [/\(2\/5\): project/, 'demo'],
        [/\(3\/5\): secret provider/, 'Local store'],
        [/\(4\/5\): keys/, '*picked*'],
        [/\(5\/5\): target/, 'Local process'],
        [/handler in trainer\.py/, 'train'],
      ],
    });
    ctx.host = host;
    const summary = await vscode.commands.executeCommand<Summary>('mlrunSecrets.runJob', { uri: trainer().toString(), handler: 'train' });
    assert.ok(summary, `no summary; prompts: ${JSON.stringify(host.prompts)}; messages: ${JSON.stringify(host.messages)}`);
    assert.equal(summary.state, 'completed', summary.transcript);
    assert.equal(summary.exitCode, 0);
    assert.equal(summary.target, 'local');
    assert.equal(summary.provider, 'local');
    // The keys step offered DB_PASSWORD (from the store) and pre-selected it.
    const keysPrompt = host.prompts.find(p => /\(4\/5\): keys/.test(p.title))!;
    assert.ok(keysPrompt.items!.includes('DB_PASSWORD'));
    // No modal: local store values into a local process need no consent.
    assert.deepEqual(host.prompts.filter(p => p.kind === 'warning'), []);
    assert.ok(summary.transcript.includes(`connected with a password whose sha256 is ${SHA}`), summary.transcript);
    assert.match(summary.transcript, /fallback runner/);
    assert.match(summary.transcript, /Job train completed in .* \(exit code 0\)/);
    assert.doesNotMatch(summary.transcript, /attacker-python/, 'the workspace setting naming an interpreter is ignored');
    const terminal = await waitFor(() => vscode.window.terminals.find(t => t.name === summary.terminal), 'the job terminal');
    assert.equal(terminal.name, 'MLRun: train');
    assert.ok(host.messages.some(m => m.kind === 'info' && /Job train completed/.test(m.text)), JSON.stringify(host.messages));
    // The value went to the process only.
    assert.equal(JSON.stringify(summary).includes(CANARY), false);
    assert.equal(JSON.stringify(host.prompts).includes(CANARY), false);
    assert.equal(JSON.stringify(ctx.extension.workspaceState.get('mlrunSecrets.jobs.choices')).includes(CANARY), false);
    assert.deepEqual(filesContaining(workspaceFolder().uri.fsPath, CANARY), []);
  });

  it('remembers the choices (never values): Re-run Last Job asks nothing', async () => {
    const host = new JobsHost({ answers: [] });
    ctx.host = host;
    const summary = await vscode.commands.executeCommand<Summary>('mlrunSecrets.rerunJob');
    assert.ok(summary);
    assert.equal(summary.state, 'completed', summary.transcript);
    assert.deepEqual(host.prompts, []);
    const stored = ctx.extension.workspaceState.get<{ byHandler: Record<string, unknown> }>('mlrunSecrets.jobs.choices')!;
    const choice = stored.byHandler[`${trainer().toString()}#train`] as Record<string, unknown>;
    assert.deepEqual({ ...choice, at: 0 }, { v: 1, uri: trainer().toString(), handler: 'train', project: 'demo', provider: { kind: 'local' }, keys: ['DB_PASSWORD'], target: 'local', at: 0 });
  });

  it('offers the last choices first when run again from the handler', async () => {
    const host = new JobsHost({ answers: [[/Run Job with Secrets: train/, 'Run again']] });
    ctx.host = host;
    const summary = await vscode.commands.executeCommand<Summary>('mlrunSecrets.runJob', { uri: trainer().toString(), handler: 'train' });
    assert.equal(summary?.state, 'completed');
    assert.deepEqual(host.prompts.map(p => p.kind), ['quickPick']);
  });

  it('cancels a running job from the palette command', async () => {
    const file = vscode.Uri.joinPath(workspaceFolder().uri, 'src', 'e2e_waits.py');
    await vscode.workspace.fs.writeFile(file, Buffer.from('import time\n\n\ndef waits(context):\n    print("waiting", flush=True)\n    time.sleep(120)\n'));
    const host = new JobsHost({
      answers: [
        [/\(2\/5\): project/, 'demo'],
        [/\(3\/5\): secret provider/, 'Local store'],
        [/\(4\/5\): keys/, ['DB_PASSWORD']],
        [/\(5\/5\): target/, 'Local process'],
      ],
    });
    ctx.host = host;
    try {
      const running = vscode.commands.executeCommand<Summary>('mlrunSecrets.runJob', { uri: file.toString(), handler: 'waits' });
      await waitFor(() => vscode.window.terminals.some(t => t.name === 'MLRun: waits'), 'the job to start');
      const cancelled = await waitFor(async () => (await vscode.commands.executeCommand<boolean>('mlrunSecrets.cancelJob')) === true, 'the job to be cancellable', 30_000);
      assert.equal(cancelled, true);
      const summary = await running;
      assert.equal(summary?.state, 'aborted', summary?.transcript);
      assert.equal(await vscode.commands.executeCommand<boolean>('mlrunSecrets.cancelJob'), false, 'nothing left to cancel');
      assert.ok(host.messages.some(m => /no job is running/.test(m.text)));
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });
});
