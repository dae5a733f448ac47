// Installs what a VS Code target of versions.mjs runs on, from the npm registry only, into a cache outside the
// clone (default ~/.cache/vscode-harness, VSCODE_HARNESS_CACHE overrides), each entry guarded by one lock and a
// `.complete` marker and keyed on its version (code-server: version + Node major):
//   node-<version>/                          a Node release (node-<platform>-<arch>) when the machine's Node has
//                                            another major than the target needs, or no headers to build against
//   code-server-<version>-node<major>/       code-server, its native modules built against that Node's headers
// Recipe and pitfalls: the README's Development and tests section. What is done differently from a plain
// `npm install code-server`, and why:
//   - install scripts run in a second step (`npm rebuild`), after lib/vscode's manifest marks `kerberos` optional:
//     its native module needs libkrb5-dev + pkg-config, and VS Code loads it only to answer a proxy's Kerberos
//     (Negotiate) challenge, which these tests never meet. Where the headers are there it builds as before;
//     elsewhere npm drops it as a failed optional dependency;
//   - @vscode/ripgrep (older code-server) downloads rg from GitHub: its cache is seeded with the rg that
//     @vscode/ripgrep-universal ships in its npm package (newer code-server depends on that package itself);
//   - npm_config_unsafe_perm (root), npm_config_yes (node-pty's `npx node-gyp` without a TTY),
//     npm_config_dangerously_allow_all_scripts (newer npm), npm_config_nodedir (the Node it runs on).
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, readFileSync, rmSync, openSync, closeSync, statSync, unlinkSync, copyFileSync, chmodSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { ensureSystemPackages } from './systemPackages.mjs';
import { RIPGREP_UNIVERSAL, describeTarget } from './versions.mjs';

export function log(msg) {
  const t = new Date().toISOString().slice(11, 19);
  console.log(`[e2e ${t}] ${msg}`);
}

export function cacheBase(env = process.env) {
  return env.VSCODE_HARNESS_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'vscode-harness');
}

export function codeServerDir(target) {
  return join(cacheBase(), `code-server-${target.codeServer}-node${target.node.major}`);
}

/** One installer at a time per cache (other worktrees and CI share it); a lock older than 20 minutes is stale. */
async function withLock(lockPath, fn) {
  mkdirSync(dirname(lockPath), { recursive: true });
  for (const deadline = Date.now() + 15 * 60_000; ;) {
    try {
      closeSync(openSync(lockPath, 'wx'));
      break;
    } catch {
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

/** Runs `fn(dir)` once per cache entry: skipped when `dir/.complete` exists, otherwise `dir` starts empty. */
async function cached(dir, what, fn) {
  if (existsSync(join(dir, '.complete'))) return;
  await withLock(join(cacheBase(), '.lock'), async () => {
    if (existsSync(join(dir, '.complete'))) return;
    log(`installing ${what} into ${dir} (one-off)`);
    const t0 = Date.now();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await fn(dir);
    writeFileSync(join(dir, '.complete'), new Date().toISOString());
    log(`installed ${what} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  });
}

function run(cmd, args, opts, what) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${what} failed (${r.error ? r.error.message : `exit ${r.status}`})`);
}

function npmInstall(dir, specs, env, extra = []) {
  writeFileSync(join(dir, 'package.json'), '{"name":"vscode-harness","private":true}\n');
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...extra, ...specs], { cwd: dir, env }, `npm install ${specs.join(' ')}`);
}

const hasHeaders = prefix => existsSync(join(prefix, 'include', 'node', 'node_api.h'));

/**
 * The Node a target runs on: the machine's own when its major matches and its headers are installed (to build
 * native modules against), otherwise node-<platform>-<arch>@<version> from the npm registry.
 * @returns {Promise<{ execPath: string, binDir: string, nodedir: string, version: string }>}
 */
export async function ensureNode(target) {
  const machinePrefix = dirname(dirname(process.execPath));
  if (Number(process.versions.node.split('.')[0]) === target.node.major && hasHeaders(machinePrefix)) {
    return { execPath: process.execPath, binDir: dirname(process.execPath), nodedir: machinePrefix, version: process.versions.node };
  }
  const pkg = `node-${process.platform}-${process.arch}`;
  const dir = join(cacheBase(), `node-${target.node.version}`);
  await cached(dir, `Node ${target.node.version} (${pkg} from the npm registry)`, d => npmInstall(d, [`${pkg}@${target.node.version}`], withoutOuterNpm(process.env)));
  const prefix = join(dir, 'node_modules', pkg);
  return { execPath: join(prefix, 'bin', 'node'), binDir: join(prefix, 'bin'), nodedir: prefix, version: target.node.version };
}

/** Moves `kerberos` to optionalDependencies in lib/vscode's manifest and shrinkwrap (see the header). */
export function makeKerberosOptional(vscodeDir) {
  const manifestPath = join(vscodeDir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const move = deps => {
    if (!deps?.dependencies?.kerberos) return false;
    deps.optionalDependencies = { ...deps.optionalDependencies, kerberos: deps.dependencies.kerberos };
    delete deps.dependencies.kerberos;
    return true;
  };
  if (!move(manifest)) return false;
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  const shrinkwrapPath = join(vscodeDir, 'npm-shrinkwrap.json');
  if (existsSync(shrinkwrapPath)) {
    const lock = JSON.parse(readFileSync(shrinkwrapPath, 'utf8'));
    move(lock.packages?.['']);
    if (lock.packages?.['node_modules/kerberos']) lock.packages['node_modules/kerberos'].optional = true;
    writeFileSync(shrinkwrapPath, JSON.stringify(lock, null, 2) + '\n');
  }
  return true;
}

/** The asset name @vscode/ripgrep's postinstall looks for in its cache (its getTarget()). */
function ripgrepAsset(tag) {
  const targets = { 'linux-x64': 'x86_64-unknown-linux-musl', 'linux-arm64': 'aarch64-unknown-linux-musl', 'darwin-x64': 'x86_64-apple-darwin', 'darwin-arm64': 'aarch64-apple-darwin' };
  const t = targets[`${process.platform}-${process.arch}`];
  if (!t) throw new Error(`no ripgrep seed for ${process.platform}-${process.arch}`);
  return `ripgrep-${tag}-${t}.tar.gz`;
}

/** Fills `<tmp>/vscode-ripgrep-cache-<version>/` with rg from @vscode/ripgrep-universal's npm package. */
function seedRipgrep(seed, tmp, env) {
  const work = join(tmp, 'rg-seed');
  mkdirSync(work, { recursive: true });
  npmInstall(work, [`${RIPGREP_UNIVERSAL.package}@${RIPGREP_UNIVERSAL.version}`], env, ['--ignore-scripts']);
  const rg = join(work, 'node_modules', RIPGREP_UNIVERSAL.package, 'bin', `${process.platform}-${process.arch}`, 'rg');
  const flat = join(work, 'flat');
  mkdirSync(flat);
  copyFileSync(rg, join(flat, 'rg'));
  chmodSync(join(flat, 'rg'), 0o755);
  const cache = join(tmp, `vscode-ripgrep-cache-${seed.version}`);
  mkdirSync(cache);
  execFileSync('tar', ['czf', join(cache, ripgrepAsset(seed.tag)), '-C', flat, 'rg']);
}

/** Variables an outer `npm run` / `npm test` sets for its scripts; they must not reach the nested npm. */
const OUTER_NPM = /^npm_(config_user_agent|config_local_prefix|config_prefix|config_global_prefix|node_execpath|execpath|command|lifecycle_|package_)/i;

export function withoutOuterNpm(env) {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !OUTER_NPM.test(k)));
}

/**
 * The environment of code-server's install: npm and every install script run on the target's Node (first on PATH,
 * its headers as nodedir). Dropping the outer npm's variables matters: code-server's postinstall reads the Node
 * major from npm_config_user_agent, which an outer `npm test` on another Node would otherwise pin.
 */
export function installEnv(base, node, tmp) {
  return {
    ...withoutOuterNpm(base),
    PATH: `${node.binDir}${delimiter}${base.PATH}`,
    TMPDIR: tmp,
    npm_config_nodedir: node.nodedir,
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses root without it
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`, which cancels without a TTY
    npm_config_dangerously_allow_all_scripts: 'true', // keep install scripts running under newer npm
  };
}

/**
 * Installs the target's code-server (once per cache) and returns how to run it.
 * @returns {Promise<{ node: { execPath: string, binDir: string, version: string }, entry: string, dir: string }>}
 */
export async function ensureCodeServer(target) {
  const dir = codeServerDir(target);
  const entry = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(join(dir, '.complete'))) ensureSystemPackages({ forInstall: true });
  const node = await ensureNode(target);
  await cached(dir, describeTarget(target), async d => {
    const tmp = mkdtempSync(join(tmpdir(), 'cs-install-'));
    try {
      const env = installEnv(process.env, node, tmp);
      if (target.ripgrepSeed) seedRipgrep(target.ripgrepSeed, tmp, env);
      npmInstall(d, [`code-server@${target.codeServer}`], env, ['--ignore-scripts']);
      makeKerberosOptional(join(d, 'node_modules', 'code-server', 'lib', 'vscode'));
      // Now the install scripts: argon2's, and code-server's postinstall (the nested installs of lib/vscode).
      run('npm', ['rebuild', '--loglevel=error'], { cwd: d, env }, `building code-server ${target.codeServer}`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    const version = execFileSync(node.execPath, [entry, '--version'], { encoding: 'utf8' });
    if (!version.includes(`with Code ${target.vscode}`)) throw new Error(`code-server ${target.codeServer} reports "${version.trim()}", not VS Code ${target.vscode}`);
  });
  return { node, entry, dir };
}
