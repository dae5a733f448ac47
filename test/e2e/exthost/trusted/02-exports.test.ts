/**
 * What other extensions can reach. `exports` outside tests is the keys-only API of client/src/api.ts; in this test
 * run (ExtensionMode.Test) the same object gets one more property, `testing`. The walk below starts from every
 * other property — exactly what an installed extension exports — and from tree nodes (VS Code hands them to any
 * extension's command contributed to the view's menus): it follows every property (getters called), prototype,
 * Map/Set entry, promise result, and the result of calling every function it meets with probe arguments, and
 * finds none of the context, SecretStorage, a backend, a credential store, `readValues`, or a canary value (it stops
 * at any of them before calling what lies behind).
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../../../shared/src/ids';
import { useScriptedHost } from '../scripted';
import { children, find } from '../../util/tree';
import { waitFor } from '../../util/wait';
import { extension, workspaceFolder } from '../extension';

const CANARY = 'exports-walk-canary-3f9a1c';
const PROJECT = 'demo';
const FORBIDDEN_NAMES = new Set(['secrets', 'readValues', 'readSecretValues', 'credentials', 'getSession', 'accessToken', 'extension', 'backends', 'ctx']);
const INTRINSICS = new Set<unknown>([Object.prototype, Function.prototype, Array.prototype, Map.prototype, Set.prototype, Promise.prototype, String.prototype,
  Number.prototype, Boolean.prototype, Symbol.prototype, Error.prototype, RegExp.prototype, Date.prototype, Object.getPrototypeOf(async function () {}),
  Object.getPrototypeOf(function* () {}), Object.getPrototypeOf(Object.getPrototypeOf((function* () {})()))]);

interface Walk {
  reached: Set<unknown>;
  strings: Set<string>;
  names: Set<string>;
  /** Forbidden objects met (not entered: nothing behind them is called). */
  met: string[];
}

/** Everything reachable from `roots` (see the file comment); `forbidden` objects are noted and not entered. */
async function walk(roots: unknown[], probeArgs: unknown[][], forbidden: Map<unknown, string>): Promise<Walk> {
  const reached = new Set<unknown>();
  const strings = new Set<string>();
  const names = new Set<string>();
  const met: string[] = [];
  const queue: unknown[] = [];
  const seen = (v: unknown): void => {
    if (typeof v === 'string') strings.add(v);
    else if ((typeof v === 'object' && v !== null) || typeof v === 'function') {
      const bad = forbidden.get(v);
      if (bad) {
        if (!met.includes(bad)) met.push(bad);
        return;
      }
      if (!reached.has(v) && !INTRINSICS.has(v)) queue.push(v);
    }
  };
  roots.forEach(seen);
  while (queue.length) {
    const v = queue.shift() as object;
    if (reached.has(v)) continue;
    reached.add(v);
    assert.ok(reached.size < 5000, 'the reachable graph is small; a walk this large means something big is reachable');
    if (v instanceof Promise) {
      seen(await v.catch(e => e));
      continue;
    }
    if (v instanceof Map) for (const [k, x] of v) { seen(k); seen(x); }
    if (v instanceof Set) for (const x of v) seen(x);
    seen(Object.getPrototypeOf(v));
    for (const key of Reflect.ownKeys(v)) {
      names.add(String(key));
      const d = Object.getOwnPropertyDescriptor(v, key)!;
      if ('value' in d) seen(d.value);
      if (d.get) {
        seen(d.get);
        try {
          seen(Reflect.get(v, key));
        } catch {
          // a getter that throws gives nothing
        }
      }
      if (d.set) seen(d.set);
    }
    if (typeof v === 'function' && !/^class\b/.test(Function.prototype.toString.call(v))) {
      for (const args of probeArgs) {
        try {
          const r = (v as (...a: unknown[]) => unknown)(...args);
          seen(r instanceof Promise ? await r.catch(e => e) : r);
        } catch (e) {
          seen(e);
        }
      }
    }
  }
  return { reached, strings, names, met };
}

describe('exports and tree nodes reach no value and no credential', () => {
  const s = useScriptedHost();
  const events: unknown[] = [];

  before(async () => {
    const set = await s.api.ctx.backends.local().setSecrets(PROJECT, new Map([['EXPORTS_WALK_KEY', CANARY]]));
    assert.ok(set.ok);
    s.api.ctx.keys.invalidate({ backend: 'local', project: PROJECT });
  });

  after(async () => {
    await s.api.ctx.backends.local().deleteSecrets(PROJECT, ['EXPORTS_WALK_KEY']);
    s.api.ctx.keys.invalidate({ backend: 'local', project: PROJECT });
  });

  function forbidden(): Map<unknown, string> {
    const ctx = s.api.ctx;
    return new Map<unknown, string>([
      [ctx, 'the context'], [ctx.extension, 'the ExtensionContext'], [ctx.extension.secrets, 'SecretStorage'],
      [ctx.backends, 'the backend registry'], [ctx.backends.local(), 'the local backend'], [ctx.keys, 'the key cache'],
      [ctx.projects, 'the folder projects'], [ctx.server, 'the language server'], [ctx.view, 'the view'], [ctx.log, 'the log'],
      [s.api.projectKeys, 'the project-keys sync'], [s.api.statusBar, 'the status bar'], [s.api, 'the test API'],
      [(ctx.backends as unknown as { credentials?: unknown }).credentials, 'the MLRun API credential store'],
    ]);
  }

  function assertClean(w: Walk, what: string): void {
    assert.deepEqual(w.met, [], `${what} reaches ${w.met.join(', ')}`);
    for (const n of FORBIDDEN_NAMES) assert.ok(!w.names.has(n), `${what} has a property named ${n}`);
    for (const str of w.strings) assert.ok(!str.includes(CANARY), `${what} reaches the canary value`);
  }

  it('runs as a test (ExtensionMode.Test): only then is `testing` exported', () => {
    assert.equal(s.api.ctx.extension.extensionMode, vscode.ExtensionMode.Test);
    const exports = extension().exports;
    assert.deepEqual(Reflect.ownKeys(exports).sort(), ['getApi', 'testing', 'versions']);
    assert.ok(Object.isFrozen(exports));
  });

  it('the exports of a normal run: a versioned, frozen, keys-only API', async () => {
    const exports = extension().exports;
    const folder = workspaceFolder().uri;
    await waitFor(() => s.api.projectKeys.sent.get(folder.toString())?.keys?.includes('EXPORTS_WALK_KEY'), 'the canary key to reach the language server');
    const v1 = exports.getApi('v1');
    assert.ok(v1.available);
    assert.deepEqual(exports.getApi('v0'), { available: false, reason: 'version-unknown' });
    assert.equal(v1.api.activeBackend(), 'local');
    const keys = v1.api.folderKeys(vscode.Uri.joinPath(folder, 'src', 'trainer.py'));
    assert.equal(keys?.project, PROJECT);
    assert.ok(keys?.keys?.includes('EXPORTS_WALK_KEY'), 'key names are what the API is for');
    assert.ok(Object.isFrozen(v1.api) && Object.isFrozen(keys));
    const sub = v1.api.onDidChangeFolderKeys(e => events.push(e));
    s.api.ctx.keys.invalidate({ backend: 'local', project: PROJECT });
    await waitFor(() => events.length > 0, 'a folder-keys event');
    sub.dispose();

    const roots = Reflect.ownKeys(exports).filter(k => k !== 'testing').map(k => Reflect.get(exports, k));
    const listener = (e: unknown): void => void events.push(e);
    const w = await walk([...roots, ...events], [[], ['v1'], ['v2'], [folder], [folder.toString()], [listener]], forbidden());
    assertClean(w, 'exports');
    assert.ok(w.strings.has('EXPORTS_WALK_KEY'), 'the walk did reach the key names (it walks what the API returns)');
  });

  it('tree nodes handed to other extensions\' menu commands', async () => {
    const project = await waitFor(() => find(s.api, 'Local store', PROJECT), 'the demo project in the tree');
    const nodes = [project, ...(await children(s.api, project))];
    const w = await walk(nodes, [[]], forbidden());
    assertClean(w, 'tree nodes');
    assert.ok(w.strings.has('EXPORTS_WALK_KEY'), 'the walk did reach the key nodes');
  });

  it('the walk finds what it looks for (control: the status bar keeps the context in a TypeScript-private field)', async () => {
    // No probe calls here: calling what the context offers would dispose the extension.
    const others = forbidden();
    others.delete(s.api.statusBar);
    const w = await walk([s.api.statusBar], [], others);
    assert.ok(w.met.includes('the context'), `met: ${w.met.join(', ')}`);
    assert.throws(() => assertClean(w, 'the status bar'), /reaches the context/);
  });

  it('every contributed command is registered, and nothing else', async () => {
    const ours = (await vscode.commands.getCommands(true)).filter(c => /^mlrunSecrets\.\w+$/.test(c)).sort();
    assert.deepEqual(ours, Object.values(Commands).sort());
  });
});
