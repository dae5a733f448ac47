// `npm run test:e2e`: installs the system packages and the code-server of every VS Code target (versions.mjs; cached
// outside the clone), builds and packages the extension, and runs on each target, on fresh copies of demo/:
//   1. the extension-host suite (mocha inside VS Code's Node extension host, real `vscode` API) on a trusted folder;
//   2. the UI suite (Playwright drives the workbench; the extension comes from the .vsix) on a trusted folder;
//   3. both again with workspace trust enabled and the folder untrusted (Restricted Mode).
// Screenshots of every UI step go to test-results/<target>/. Env: MLRUN_SECRETS_E2E_VSCODE=minimum|current picks
// targets; MLRUN_SECRETS_E2E_ONLY=exthost|ui|trusted|untrusted narrows the suites; MLRUN_SECRETS_E2E_GREP filters
// extension-host tests; KEEP_E2E=1 keeps temp folders.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumLaunchOptions, copyWorkspace, log, startCodeServer } from './codeServer.mjs';
import { runExtHostSuite } from './extHost.mjs';
import { startDoubles } from './doubles.mjs';
import { ensureCodeServer } from './install.mjs';
import { ensureSystemPackages } from './systemPackages.mjs';
import { describeTarget, selectedTargets } from './versions.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const only = process.env.MLRUN_SECRETS_E2E_ONLY || '';
const keep = process.env.KEEP_E2E === '1';
const timings = [];

async function stage(name, fn) {
  const t0 = Date.now();
  log(`▶ ${name}`);
  try {
    return await fn();
  } finally {
    const s = ((Date.now() - t0) / 1000).toFixed(1);
    timings.push([name, s]);
    log(`■ ${name}: ${s} s`);
  }
}

function npm(args) {
  const r = spawnSync('npm', args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${r.status})`);
}

function wanted(kind, trust) {
  if (!only) return true;
  return only.split(',').some(o => o === kind || o === trust || o === `${trust}-${kind}`);
}

async function runUiSuite(target, server, suite, folder, env) {
  const r = spawnSync(process.execPath, [join(root, 'out/test/e2e/ui/main.js'), suite], {
    cwd: root, stdio: 'inherit',
    env: {
      ...process.env, ...env, CS_URL: server.url, WS_FOLDER: folder, CHROMIUM: chromiumLaunchOptions().executablePath,
      SHOT_DIR: join(root, 'test-results', target.id),
      MLRUN_SECRETS_E2E_TARGET: JSON.stringify({ id: target.id, vscode: target.vscode, ui: target.ui }),
    },
  });
  return r.status ?? 1;
}

async function main() {
  const targets = selectedTargets();
  ensureSystemPackages();
  for (const target of targets) await stage(`install ${describeTarget(target)} (cached)`, () => ensureCodeServer(target));
  await stage('package the .vsix (production build)', () => npm(['run', '-s', 'package']));
  await stage('compile tests', () => npm(['run', '-s', 'compile-tests']));
  rmSync(join(root, 'test-results'), { recursive: true, force: true });
  mkdirSync(join(root, 'test-results'), { recursive: true });

  const failures = [];
  for (const target of targets) {
    // Fresh doubles per version: the suites change the stores' state (set, delete, recover).
    const doubles = await stage(`start API doubles (${describeTarget(target)})`, () => startDoubles(root));
    try {
      for (const trust of ['trusted', 'untrusted']) await runTrust(target, trust, doubles, failures);
    } finally {
      await doubles.stop();
    }
  }
  log('stage times: ' + timings.map(([n, s]) => `${n} ${s}s`).join(' | '));
  if (failures.length) {
    log(`FAILED: ${failures.join(', ')} (screenshots in test-results/)`);
    process.exit(1);
  }
  log(`end-to-end suites passed on ${targets.map(describeTarget).join(' and ')}`);
  process.exit(0);
}

/** The suites of one target and trust state, each against a code-server of its own. */
async function runTrust(target, trust, doubles, failures) {
  const machineSettings = {
    'mlrunSecrets.jobs.image': 'registry.example.invalid/mlrun/mlrun:e2e',
    ...doubles.machineSettings,
  };
  const configFile = join(tmpdir(), `mlrun-secrets-e2e-${process.pid}-${target.id}-${trust}.json`);
  writeFileSync(configFile, JSON.stringify({ trust, machineSettings, ...doubles.config }, null, 2));
  const env = { MLRUN_SECRETS_E2E_CONFIG: configFile, ...doubles.env };
  const suite = async (kind, args, fn) => {
    if (!wanted(kind, trust)) return;
    const name = `${kind === 'exthost' ? 'extension-host' : 'UI'} suite (${trust}, ${describeTarget(target)})`;
    const folder = copyWorkspace(join(root, 'demo'), `${trust}-${kind}`);
    let server;
    try {
      const code = await stage(name, async () => {
        server = await startCodeServer(target, { trusted: trust === 'trusted', machineSettings, vsix: join(root, 'mlrun-secrets.vsix'), env, args });
        return fn(server, folder);
      });
      if (code !== 0) failures.push(name);
    } catch (e) {
      failures.push(`${name}: ${e instanceof Error ? e.message : e}`);
    } finally {
      await server?.stop({ keep });
      if (!keep) rmSync(folder, { recursive: true, force: true });
    }
  };
  try {
    await suite('exthost', target.extHostServerArgs, (server, folder) => {
      // A workspace that tries to override machine-scoped settings: the extension must ignore it.
      mkdirSync(join(folder, '.vscode'), { recursive: true });
      writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({
        'mlrunSecrets.mlrunApi.endpoint': 'http://attacker.invalid:8080',
        'mlrunSecrets.jobs.pythonPath': '/tmp/attacker-python',
      }, null, 2));
      return runExtHostSuite({
        url: server.url, extensionPath: root, folder, label: describeTarget(target),
        testsPath: join(root, 'out', 'test', 'e2e', 'exthost', trust, 'index.js'),
      });
    });
    await suite('ui', [], (server, folder) => runUiSuite(target, server, trust, folder, env));
  } finally {
    if (!keep) rmSync(configFile, { force: true });
  }
}

main().catch(e => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
