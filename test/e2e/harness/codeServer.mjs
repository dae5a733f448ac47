// code-server (a VS Code server + web workbench from the npm registry) for the end-to-end suites and `npm start`:
// starts the code-server of a target of versions.mjs (installed by install.mjs) with throwaway state.
// Recipe and pitfalls: the README's Development and tests section.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync, openSync, closeSync, cpSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCodeServer } from './install.mjs';
import { chromiumPath } from './systemPackages.mjs';
import { describeTarget } from './versions.mjs';

export { log } from './install.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Settings every run starts from: no walkthrough pop-ups, no telemetry, no marketplace, no update checks. */
export const BASE_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'workbench.editor.enablePreview': false,
  'files.autoSave': 'off',
};

/**
 * Starts the target's code-server with throwaway state.
 * @param {import('./versions.mjs').VscodeTarget} target
 * @param {{ trusted: boolean, machineSettings?: object, userSettings?: object, vsix?: string, env?: object,
 *           port?: number, userDataDir?: string, args?: string[] }} opts  userDataDir: a persistent profile (npm start)
 *           instead of a throwaway one; args: extra code-server arguments
 */
export async function startCodeServer(target, opts) {
  const { node, entry } = await ensureCodeServer(target);
  const cs = (args, o) => [node.execPath, [entry, ...args], o];
  const run = mkdtempSync(join(tmpdir(), 'mlrun-secrets-cs-'));
  const ud = opts.userDataDir || join(run, 'ud');
  const ext = opts.userDataDir ? join(opts.userDataDir, 'extensions') : join(run, 'ext');
  mkdirSync(join(ud, 'User'), { recursive: true });
  mkdirSync(join(ud, 'Machine'), { recursive: true });
  mkdirSync(ext, { recursive: true });
  const user = {
    ...BASE_USER_SETTINGS,
    ...target.userSettings,
    'security.workspace.trust.enabled': !opts.trusted,
    ...(opts.trusted ? {} : { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'always' }),
    ...(opts.userSettings || {}),
  };
  writeFileSync(join(ud, 'User', 'settings.json'), JSON.stringify(user, null, 2));
  // code-server is a remote window: machine-scoped settings are read from the remote Machine/settings.json.
  writeFileSync(join(ud, 'Machine', 'settings.json'), JSON.stringify(opts.machineSettings || {}, null, 2));
  // An empty config of our own (not ~/.config/code-server/config.yaml, which code-server would otherwise write).
  const config = join(run, 'config.yaml');
  writeFileSync(config, '');
  const baseArgs = ['--config', config, '--user-data-dir', ud, '--extensions-dir', ext];
  // A private temp folder: everything VS Code, the extension, the language server and its jobs write to os.tmpdir()
  // lands here, so the canary suite can look at all of it (the machine's /tmp can hold gigabytes of other files).
  const tmp = join(run, 'tmp');
  mkdirSync(tmp);
  const env = {
    ...process.env,
    TMPDIR: tmp,
    XDG_CONFIG_HOME: join(run, 'xdg-config'),
    XDG_DATA_HOME: join(run, 'xdg-data'),
    EXTENSIONS_GALLERY: '{}',
    ...(opts.env || {}),
  };
  if (opts.vsix) {
    const r = spawnSync(...cs([...baseArgs, '--install-extension', opts.vsix, '--force'], { env, encoding: 'utf8' }));
    if (r.status !== 0) throw new Error(`installing ${opts.vsix} failed: ${r.stderr || r.stdout}`);
  }
  const port = opts.port || await freePort();
  const args = [...baseArgs, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-getting-started-override', '--ignore-last-opened', ...(opts.args || [])];
  if (opts.trusted) args.push('--disable-workspace-trust');
  const serverLog = join(run, 'server.log');
  const out = openSync(serverLog, 'w');
  // detached: the server leads its own process group, so stopping it also ends extension hosts and language servers.
  const child = spawn(...cs(args, { env, stdio: ['ignore', out, out], detached: true }));
  closeSync(out);
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`${url}healthz`);
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`${describeTarget(target)} did not start (exit ${child.exitCode}); see ${serverLog}`);
    }
    await new Promise(r => setTimeout(r, 200));
  }
  return {
    url, port, run, userDataDir: ud, serverLog,
    async stop({ keep = false } = {}) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const until = Date.now() + 10_000;
      while (child.exitCode === null && child.signalCode === null && Date.now() < until) await new Promise(r => setTimeout(r, 100));
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      if (!keep) rmSync(run, { recursive: true, force: true });
    },
  };
}

/** A fresh copy of demo/ (tests apply quick fixes and must not touch the repository). */
export function copyWorkspace(src, label) {
  const dst = mkdtempSync(join(tmpdir(), `mlrun-secrets-ws-${label}-`));
  cpSync(src, dst, { recursive: true });
  // A git repository, so the analyzer's "tracked / ignored by git" facts are real.
  spawnSync('git', ['init', '-q'], { cwd: dst });
  spawnSync('git', ['add', '-A'], { cwd: dst });
  spawnSync('git', ['-c', 'user.email=e2e@example.invalid', '-c', 'user.name=e2e', 'commit', '-qm', 'demo'], { cwd: dst });
  return dst;
}

export function chromiumLaunchOptions() {
  return {
    executablePath: chromiumPath() || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  };
}
