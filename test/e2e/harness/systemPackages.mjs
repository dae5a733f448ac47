// The system packages the test suites and `npm start` need (`npm test` checks them first, see prereqs.mjs), and how they get there. A missing one is
// installed when this process may (root with apt-get, or passwordless sudo), printing the one line it runs, as
// `playwright install --with-deps` does; otherwise the run fails with that line. It never skips.
//
// Deliberately short: code-server's install needs neither libkrb5-dev/pkg-config (kerberos is made optional) nor
// ripgrep (rg comes from an npm package), see install.mjs. Node, npm, python3, git and build-essential come with
// our machines; Chromium and python3-dotenv (the reference parser of the Import-from-file differential test) do not.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * Debian package → the executables (or, for a Python module, the import) that prove it is there. `install`: only
 * needed to install code-server.
 */
const NEEDS = [
  { pkg: 'chromium', bins: ['chromium'], why: 'the browser that drives VS Code' },
  { pkg: 'python3-dotenv', module: 'dotenv', why: "python-dotenv, the reference the env-file parser is tested against" },
  { pkg: 'git', bins: ['git'], why: 'the demo workspaces are git repositories' },
  { pkg: 'python3', bins: ['python3'], why: 'local job runs' },
  { pkg: 'build-essential', bins: ['make', 'g++'], install: true, why: "building code-server's native modules" },
];

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `command -v`, on the PATH of `env`. */
export function which(bin, env = process.env) {
  if (isAbsolute(bin)) return executable(bin) ? bin : undefined;
  for (const dir of (env.PATH || '').split(delimiter)) {
    if (dir && executable(join(dir, bin))) return join(dir, bin);
  }
  return undefined;
}

/** The Chromium the suites launch: CHROMIUM, else `chromium` on PATH (Debian's package), else undefined. */
export function chromiumPath(env = process.env) {
  return env.CHROMIUM || which('chromium', env);
}

function missingPackages(forInstall, env) {
  const present = bin => (bin === 'chromium' ? !!chromiumPath(env) && executable(chromiumPath(env)) : !!which(bin, env));
  const importable = mod => {
    const py = which('python3', env);
    return !!py && spawnSync(py, ['-c', `import ${mod}`], { env, stdio: 'ignore' }).status === 0;
  };
  return NEEDS.filter(n => forInstall || !n.install).filter(n => (n.module ? !importable(n.module) : !n.bins.every(present)));
}

/** How this process may run apt-get: as root, through passwordless sudo, or not at all (undefined). */
function aptCommand(uid, env) {
  const apt = which('apt-get', env);
  if (!apt) return undefined;
  if (uid === 0) return { cmd: apt, pre: [], sudo: false };
  const sudo = which('sudo', env);
  if (sudo && spawnSync(sudo, ['-n', 'true'], { env, stdio: 'ignore' }).status === 0) {
    return { cmd: sudo, pre: ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get'], sudo: true };
  }
  return undefined;
}

/**
 * Makes sure the system packages are there (see the header).
 * @param {{ forInstall?: boolean, env?: NodeJS.ProcessEnv, uid?: number, print?: (line: string) => void }} [o]
 */
export function ensureSystemPackages(o = {}) {
  const env = o.env || process.env;
  const uid = o.uid ?? process.getuid?.() ?? -1;
  const print = o.print || (line => console.log(line));
  const missing = missingPackages(!!o.forInstall, env);
  if (!missing.length) return;
  if (env.CHROMIUM && missing.some(n => n.pkg === 'chromium')) {
    throw new Error(`CHROMIUM=${env.CHROMIUM} is not an executable (unset it to use Debian's chromium package)`);
  }
  const what = missing.map(n => `${n.pkg} (${n.why})`).join(', ');
  const install = ['install', '-y', '--no-install-recommends', ...missing.map(n => n.pkg)];
  const apt = aptCommand(uid, env);
  const sudo = uid === 0 ? '' : 'sudo ';
  const line = `${sudo}apt-get ${install.join(' ')}`;
  if (!apt) {
    throw new Error(`Missing system packages for the tests: ${what}.\nInstall them with:\n  ${sudo}apt-get update && ${line}`);
  }
  print(`[e2e] missing system packages: ${what}; installing them:`);
  print(`  ${line}`);
  const aptRun = args => spawnSync(apt.cmd, [...apt.pre, ...args], { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 'ignore', 'inherit'] }).status;
  const failed = aptRun(['update', '-qq']) !== 0 ? 'apt-get update' : aptRun([...install, '-qq']) !== 0 ? 'apt-get install' : undefined;
  const still = missingPackages(!!o.forInstall, env).map(n => n.pkg);
  if (failed || still.length) {
    const why = failed ? `${failed} failed` : `${still.join(', ')} still missing after apt-get install`;
    throw new Error(`Could not install the system packages the tests need (${why}). Run:\n  ${sudo}apt-get update && ${line}`);
  }
}
