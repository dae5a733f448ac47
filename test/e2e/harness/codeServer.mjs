// code-server (VS Code 1.100.3's server + web workbench from the npm registry) for the end-to-end suites and
// `npm start`. Recipe and pitfalls: ../shared/vscode-test-harness.md. Installed once per machine into a cache
// outside the clone, guarded by a lock and a `.complete` marker, keyed on the code-server version and Node major.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, rmSync, copyFileSync, openSync, closeSync, statSync, unlinkSync, cpSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const CS_VERSION = '4.100.3'; // last code-server whose engines.node is 20 (ships VS Code 1.100.3)
const RG_PKG_VERSION = '1.15.11'; // @vscode/ripgrep pinned in code-server's lib/vscode/npm-shrinkwrap.json
const RG_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'; // from @vscode/ripgrep/lib/postinstall.js

export const APT_LINE = 'apt-get install -y chromium ripgrep libkrb5-dev pkg-config build-essential python3 git';

export function log(msg) {
  const t = new Date().toISOString().slice(11, 19);
  console.log(`[e2e ${t}] ${msg}`);
}

/** Fails (never skips) when a system package the suites need is missing, naming the apt-get line. */
export function checkSystemPackages({ forInstall }) {
  const need = [['chromium', process.env.CHROMIUM || '/usr/bin/chromium'], ['python3', 'python3'], ['git', 'git'], ['rg (ripgrep)', 'rg']];
  if (forInstall) need.push(['pkg-config', 'pkg-config'], ['make (build-essential)', 'make'], ['g++ (build-essential)', 'g++']);
  const missing = need.filter(([, bin]) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', bin]).status !== 0).map(([n]) => n);
  if (forInstall && !existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (missing.length) {
    throw new Error(`Missing system packages for the end-to-end tests: ${missing.join(', ')}.\nInstall them with:\n  ${APT_LINE}`);
  }
}

export function cacheDir() {
  const base = process.env.VSCODE_HARNESS_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'vscode-harness');
  const nodeMajor = process.versions.node.split('.')[0];
  return { base, dir: join(base, `code-server-${CS_VERSION}-node${nodeMajor}`) };
}

export function codeServerBin() {
  return join(cacheDir().dir, 'node_modules', '.bin', 'code-server');
}

async function withLock(lockPath, fn) {
  for (const deadline = Date.now() + 15 * 60_000; ;) {
    try {
      closeSync(openSync(lockPath, 'wx'));
      break;
    } catch {
      // A stale lock (older than 20 minutes) is from a killed run.
      try { if (Date.now() - statSync(lockPath).mtimeMs > 20 * 60_000) unlinkSync(lockPath); } catch { /* gone */ }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockPath}`);
      await new Promise(r => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockPath, { force: true });
  }
}

/** Installs code-server into the cache once (about a minute), with the four workarounds of the recipe. */
export async function ensureCodeServer() {
  const { base, dir } = cacheDir();
  if (existsSync(join(dir, '.complete'))) return codeServerBin();
  checkSystemPackages({ forInstall: true });
  mkdirSync(base, { recursive: true });
  await withLock(join(base, '.lock'), async () => {
    if (existsSync(join(dir, '.complete'))) return;
    log(`installing code-server ${CS_VERSION} into ${dir} (one-off, about a minute)`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const privTmp = mkdtempSync(join(tmpdir(), 'cs-install-'));
    try {
      // @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds the asset in
      // $TMPDIR/vscode-ripgrep-cache-<version>/: seed that cache with Debian's rg.
      const rgDir = join(privTmp, 'rg');
      const rgCache = join(privTmp, `vscode-ripgrep-cache-${RG_PKG_VERSION}`);
      mkdirSync(rgDir, { recursive: true });
      mkdirSync(rgCache, { recursive: true });
      const rg = execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
      copyFileSync(rg, join(rgDir, 'rg'));
      execFileSync('tar', ['czf', join(rgCache, RG_ASSET), '-C', rgDir, 'rg']);
      writeFileSync(join(dir, 'package.json'), '{"name":"vscode-harness","private":true}\n');
      const env = {
        ...process.env,
        TMPDIR: privTmp,
        npm_config_unsafe_perm: 'true', // code-server's postinstall refuses root without it
        npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`, which cancels without a TTY
        npm_config_dangerously_allow_all_scripts: 'true', // keep install scripts running under newer npm
      };
      const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CS_VERSION}`],
        { cwd: dir, env, stdio: 'inherit' });
      if (r.status !== 0) throw new Error(`npm install code-server@${CS_VERSION} failed (exit ${r.status})`);
    } finally {
      rmSync(privTmp, { recursive: true, force: true });
    }
    execFileSync(join(dir, 'node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg'), ['--version']);
    execFileSync(codeServerBin(), ['--version']);
    writeFileSync(join(dir, '.complete'), new Date().toISOString());
  });
  return codeServerBin();
}

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
 * Starts code-server with throwaway state.
 * @param {{ trusted: boolean, machineSettings?: object, userSettings?: object, vsix?: string, env?: object,
 *           port?: number, userDataDir?: string }} opts  userDataDir: a persistent profile (npm start) instead of a throwaway one
 */
export async function startCodeServer(opts) {
  const cs = await ensureCodeServer();
  const run = mkdtempSync(join(tmpdir(), 'mlrun-secrets-cs-'));
  const ud = opts.userDataDir || join(run, 'ud');
  const ext = opts.userDataDir ? join(opts.userDataDir, 'extensions') : join(run, 'ext');
  mkdirSync(join(ud, 'User'), { recursive: true });
  mkdirSync(join(ud, 'Machine'), { recursive: true });
  mkdirSync(ext, { recursive: true });
  const user = {
    ...BASE_USER_SETTINGS,
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
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(run, 'xdg-config'),
    XDG_DATA_HOME: join(run, 'xdg-data'),
    EXTENSIONS_GALLERY: '{}',
    ...(opts.env || {}),
  };
  if (opts.vsix) {
    const r = spawnSync(cs, [...baseArgs, '--install-extension', opts.vsix, '--force'], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`installing ${opts.vsix} failed: ${r.stderr || r.stdout}`);
  }
  const port = opts.port || await freePort();
  const args = [...baseArgs, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-getting-started-override', '--ignore-last-opened'];
  if (opts.trusted) args.push('--disable-workspace-trust');
  const serverLog = join(run, 'server.log');
  const out = openSync(serverLog, 'w');
  // detached: the server leads its own process group, so stopping it also ends extension hosts and language servers.
  const child = spawn(cs, args, { env, stdio: ['ignore', out, out], detached: true });
  closeSync(out);
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`${url}healthz`);
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`code-server did not start (exit ${child.exitCode}); see ${serverLog}`);
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
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  };
}
