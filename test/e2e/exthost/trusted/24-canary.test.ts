/**
 * A canary value set through each backend (local, Kubernetes, MLRun API, Azure Key Vault), with the language
 * server traced verbosely, appears in no output channel (their log files), setting, file of VS Code's user data
 * folder, new or changed temp file, document or tab URI, or message/prompt the user saw.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { credentialEntry } from '../../../../client/src/backends/mlrunApi/auth';
import { canary, fileContains, filesContaining } from '../../util/canary';
import { doubles } from '../../util/doubles';
import { input } from '../../util/scriptedHost';
import { setSettings } from '../../util/settings';
import { waitFor } from '../../util/wait';
import { useScriptedHost } from '../scripted';

function snapshot(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (d: string, depth: number): void => {
    if (depth > 5) return;
    let names: string[] = [];
    try {
      names = fs.readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = path.join(d, n);
      try {
        const st = fs.lstatSync(p);
        if (st.isDirectory()) walk(p, depth + 1);
        else if (st.isFile()) out.set(p, st.mtimeMs);
      } catch {
        // vanished
      }
    }
  };
  walk(dir, 0);
  return out;
}

describe('a canary value set through each backend appears nowhere but in the store', () => {
  const s = useScriptedHost();
  const canaries = { local: canary('local'), kubernetes: canary('kube'), mlrunApi: canary('api'), azure: canary('vault') };
  const KEY = { local: 'E2E_CANARY', kubernetes: 'E2E_CANARY', mlrunApi: 'E2E_CANARY_API', azure: 'E2E-CANARY' };
  let restore: () => Promise<void>;
  let tmpBefore: Map<string, number>;

  before(async () => {
    // The harness gives code-server a private TMPDIR, so this is every temp file of this VS Code session.
    assert.match(os.tmpdir(), /mlrun-secrets-cs-[^/]+\/tmp$/, 'the extension host runs with the harness\'s private TMPDIR');
    tmpBefore = snapshot(os.tmpdir());
    restore = await setSettings({
      'trace.server': 'verbose',
      'backend': undefined,
      'kubernetes.context': 'double-mlrun',
      'mlrunApi.endpoint': doubles().mlrunUrl,
      'azure.vaults': { demo: [doubles().azure.vault] },
    });
    await s.api.ctx.extension.secrets.store(credentialEntry(doubles().mlrunUrl), JSON.stringify({ token: doubles().mlrunToken }));
    // The language client traces only while its channel logs at Trace level (then trace.server picks verbose):
    // raise every log level for the test (a test-mode command), and restart so the client starts traced.
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
    await vscode.commands.executeCommand('mlrunSecrets.restartServer');
  });

  after(async () => {
    const b = s.api.ctx.backends;
    await b.local().deleteSecrets('demo', [KEY.local]);
    const k = await b.kubernetes();
    if (k.ok) await k.value.deleteSecrets('demo', [KEY.kubernetes, KEY.mlrunApi]);
    const az = await b.azure();
    if (az.ok) {
      const v = az.value.vault('demo', doubles().azure.vault);
      if (v.ok) await v.value.deleteSecrets([KEY.azure], { purge: true });
    }
    await s.api.ctx.extension.secrets.delete(credentialEntry(doubles().mlrunUrl));
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'info');
    await restore();
  });

  it('sets the canaries through Set Secret on each backend', async () => {
    for (const [kind, value] of Object.entries(canaries) as [keyof typeof canaries, string][]) {
      const scope = kind === 'azure' ? { backend: kind, project: 'demo', vault: doubles().azure.vault } : { backend: kind, project: 'demo' };
      s.host.script(input(KEY[kind]), input(value));
      assert.equal(await vscode.commands.executeCommand('mlrunSecrets.setSecret', { scope }), KEY[kind], `set through ${kind}`);
      s.host.assertDone();
    }
    // Every write happened: read back where the store allows it (the MLRun API never returns values).
    const b = s.api.ctx.backends;
    const local = await b.local().readValues('demo', [KEY.local]);
    assert.ok(local.ok && local.value.get(KEY.local) === canaries.local);
    const k = await b.kubernetes();
    assert.ok(k.ok);
    const kube = await k.value.readValues('demo', [KEY.kubernetes, KEY.mlrunApi]);
    assert.ok(kube.ok);
    assert.equal(kube.value.get(KEY.kubernetes), canaries.kubernetes);
    assert.equal(kube.value.get(KEY.mlrunApi), canaries.mlrunApi, 'written through the MLRun API');
    // The keys went to the language server (names only) with verbose tracing on.
    await waitFor(() => s.api.projectKeys.sent.get(vscode.workspace.workspaceFolders![0]!.uri.toString())?.keys?.includes(KEY.local), 'projectKeys with the canary key');
  });

  it('finds them in no log, setting, user-data file, temp file, URI or message', async () => {
    const values = Object.values(canaries);
    // Output channels are written to log files under VS Code's user data folder (…/logs/<session>/…).
    const userData = path.resolve(s.api.ctx.extension.globalStorageUri.fsPath, '..', '..', '..');
    const ourLog = filesContaining(userData, 'set key E2E_CANARY in project "demo"');
    assert.ok(ourLog.some(f => f.endsWith('.log')), `our output channel's log file is under ${userData} (found: ${ourLog.join(', ')})`);
    const traced = filesContaining(userData, '"method": "mlrunSecrets/projectKeys"').concat(filesContaining(userData, 'mlrunSecrets/projectKeys'));
    assert.ok(traced.length > 0, 'the language server trace (verbose) is in a log file too');
    for (const v of values) {
      assert.deepEqual(filesContaining(userData, v), [], `no file under the user data folder holds ${v.slice(0, 13)}…`);
      const changed = [...snapshot(os.tmpdir())].filter(([p, m]) => tmpBefore.get(p) !== m).map(([p]) => p);
      const hits = changed.filter(p => fileContains(p, v));
      assert.deepEqual(hits, [], 'no new or changed temp file holds it');
      const settings = JSON.stringify(['mlrunSecrets', 'http'].map(sec => vscode.workspace.getConfiguration(sec)));
      assert.ok(!settings.includes(v), 'no setting holds it');
      const uris = [...vscode.workspace.textDocuments.map(d => d.uri.toString()), ...vscode.window.tabGroups.all.flatMap(g => g.tabs).map(t => JSON.stringify(t.input ?? null))];
      assert.ok(!uris.some(u => u.includes(v)), 'no document or tab URI holds it');
      assert.ok(!s.host.allText().includes(v), 'no message or prompt shows it');
    }
  });
});
