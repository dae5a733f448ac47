/**
 * The e2e harness's set-up, without touching the machine: system packages are installed when the process may (root,
 * or passwordless sudo) and the run fails with the apt-get line otherwise — proved with PATH shims for apt-get and
 * sudo that only record what they were asked; the version table matches the manifest; the kerberos edit of
 * code-server's manifest.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(__dirname, '../../../..');
const harness = (file: string) => pathToFileURL(path.join(root, 'test/e2e/harness', file)).href;

interface Target { id: string; codeServer: string; vscode: string; node: { major: number; version: string }; ripgrepSeed: unknown; extHostServerArgs: string[]; ui: { walkthroughTab: string } }
interface SystemPackages {
  ensureSystemPackages(o: { forInstall?: boolean; env?: NodeJS.ProcessEnv; uid?: number; print?: (line: string) => void }): void;
}

/** A bin folder of shims: the executables named exist (exit 0); apt-get and sudo record their arguments. */
class Shims {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlrun-secrets-shims-'));
  readonly log = path.join(this.dir, 'calls.log');

  constructor(present: string[], o: { sudo?: 'nopasswd' | 'password'; aptFails?: boolean; aptInstalls?: string[] } = {}) {
    for (const bin of present) this.script(bin, 'exit 0');
    // apt-get records its arguments; `install` "installs" the executables it is told to (unless it fails).
    const creates = (o.aptInstalls ?? []).map(b => `printf '#!/bin/sh\\nexit 0\\n' > "${this.dir}/${b}"; /bin/chmod +x "${this.dir}/${b}"`).join('\n');
    this.script('apt-get', `echo "apt-get $* [DEBIAN_FRONTEND=$DEBIAN_FRONTEND]" >> "${this.log}"
case "$1" in install) ${o.aptFails ? 'exit 100' : ''}
${creates} ;; esac
exit 0`);
    if (o.sudo) {
      this.script('sudo', `if [ "$1" = -n ] && [ "$2" = true ]; then exit ${o.sudo === 'nopasswd' ? 0 : 1}; fi
echo "sudo $*" >> "${this.log}"
shift
exec "$@"`);
      fs.symlinkSync('/usr/bin/env', path.join(this.dir, 'env'));
    }
  }

  private script(name: string, body: string): void {
    fs.writeFileSync(path.join(this.dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  }

  env(): NodeJS.ProcessEnv {
    return { PATH: this.dir, HOME: this.dir };
  }

  calls(): string[] {
    return fs.existsSync(this.log) ? fs.readFileSync(this.log, 'utf8').trim().split('\n') : [];
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('e2e harness: system packages', () => {
  let sp: SystemPackages;
  const made: Shims[] = [];
  const shims = (...args: ConstructorParameters<typeof Shims>) => {
    const s = new Shims(...args);
    made.push(s);
    return s;
  };
  const printed: string[] = [];
  const print = (line: string) => printed.push(line);

  before(async () => {
    sp = await import(harness('systemPackages.mjs')) as SystemPackages;
  });
  beforeEach(() => {
    printed.length = 0;
  });
  after(() => made.forEach(s => s.remove()));

  it('does nothing when everything is there', () => {
    const s = shims(['chromium', 'git', 'python3', 'make', 'g++']);
    sp.ensureSystemPackages({ forInstall: true, env: s.env(), uid: 0, print });
    assert.deepEqual(s.calls(), []);
    assert.deepEqual(printed, []);
  });

  it('as root, installs a missing chromium with apt-get, printing the one install line it runs', () => {
    const s = shims(['git', 'python3'], { aptInstalls: ['chromium'] });
    sp.ensureSystemPackages({ env: s.env(), uid: 0, print });
    assert.deepEqual(s.calls(), [
      'apt-get update -qq [DEBIAN_FRONTEND=noninteractive]',
      'apt-get install -y --no-install-recommends chromium -qq [DEBIAN_FRONTEND=noninteractive]',
    ]);
    assert.equal(printed.filter(l => /apt-get install/.test(l)).length, 1);
    assert.match(printed.join('\n'), /^ {2}apt-get install -y --no-install-recommends chromium$/m);
    assert.match(printed.join('\n'), /missing system packages: chromium \(the browser that drives VS Code\)/);
  });

  it('as another user with passwordless sudo, installs through sudo -n', () => {
    const s = shims(['git', 'python3'], { sudo: 'nopasswd', aptInstalls: ['chromium'] });
    sp.ensureSystemPackages({ env: s.env(), uid: 1000, print });
    assert.deepEqual(s.calls(), [
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq',
      'apt-get update -qq [DEBIAN_FRONTEND=noninteractive]',
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium -qq',
      'apt-get install -y --no-install-recommends chromium -qq [DEBIAN_FRONTEND=noninteractive]',
    ]);
    assert.match(printed.join('\n'), /^ {2}sudo apt-get install -y --no-install-recommends chromium$/m);
  });

  it('as another user whose sudo wants a password, fails with the line to run, and runs nothing', () => {
    const s = shims(['git', 'python3'], { sudo: 'password' });
    assert.throws(() => sp.ensureSystemPackages({ env: s.env(), uid: 1000, print }),
      /Missing system packages for the tests: chromium \(the browser that drives VS Code\)\.\nInstall them with:\n {2}sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium$/);
    assert.deepEqual(s.calls(), []);
  });

  it('without sudo, names every missing package (build-essential only for the install) and never skips', () => {
    const s = shims(['python3']);
    assert.throws(() => sp.ensureSystemPackages({ env: s.env(), uid: 1000, print }),
      /: chromium \(.*\), git \(.*\)\.\nInstall them with:\n {2}sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium git$/);
    assert.throws(() => sp.ensureSystemPackages({ forInstall: true, env: s.env(), uid: 1000, print }),
      /apt-get install -y --no-install-recommends chromium git build-essential$/);
    assert.deepEqual(s.calls(), []);
  });

  it('as root, fails with the line when apt-get install fails, or installs without providing the program', () => {
    const failing = shims(['git', 'python3'], { aptFails: true });
    assert.throws(() => sp.ensureSystemPackages({ env: failing.env(), uid: 0, print }),
      /\(apt-get install failed\)\. Run:\n {2}apt-get update && apt-get install -y --no-install-recommends chromium$/);
    const useless = shims(['git', 'python3']);
    assert.throws(() => sp.ensureSystemPackages({ env: useless.env(), uid: 0, print }), /chromium still missing after apt-get install/);
  });

  it('does not install over a CHROMIUM that points nowhere', () => {
    const s = shims(['git', 'python3'], { aptInstalls: ['chromium'] });
    assert.throws(() => sp.ensureSystemPackages({ env: { ...s.env(), CHROMIUM: '/nonexistent/chromium' }, uid: 0, print }),
      /CHROMIUM=\/nonexistent\/chromium is not an executable/);
    assert.deepEqual(s.calls(), []);
  });
});

describe('e2e harness: VS Code versions and code-server install', () => {
  let versions: { TARGETS: Target[]; selectedTargets(env: NodeJS.ProcessEnv): Target[] };
  let install: { makeKerberosOptional(dir: string): boolean; installEnv(base: NodeJS.ProcessEnv, node: { binDir: string; nodedir: string }, tmp: string): NodeJS.ProcessEnv };
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

  before(async () => {
    versions = await import(harness('versions.mjs'));
    install = await import(harness('install.mjs'));
  });

  it('tests the minimum VS Code the manifest declares, and the @types/vscode of that version', () => {
    const declared = /^\^(\d+\.\d+)\.0$/.exec(pkg.engines.vscode)?.[1];
    assert.ok(declared, `engines.vscode ${pkg.engines.vscode}`);
    const minimum = versions.TARGETS.find(t => t.id === 'minimum')!;
    assert.equal(minimum.vscode.split('.').slice(0, 2).join('.'), declared);
    assert.equal(pkg.devDependencies['@types/vscode'], `${declared}.0`);
    const current = versions.TARGETS.find(t => t.id === 'current')!;
    assert.ok(Number(current.vscode.split('.')[1]) > Number(declared.split('.')[1]), 'current is newer than the minimum');
  });

  it('selects targets by id or version and rejects unknown names', () => {
    assert.deepEqual(versions.selectedTargets({}).map(t => t.id), ['minimum', 'current']);
    assert.deepEqual(versions.selectedTargets({ MLRUN_SECRETS_E2E_VSCODE: 'current' }).map(t => t.id), ['current']);
    assert.deepEqual(versions.selectedTargets({ MLRUN_SECRETS_E2E_VSCODE: '4.100.3' }).map(t => t.id), ['minimum']);
    assert.throws(() => versions.selectedTargets({ MLRUN_SECRETS_E2E_VSCODE: '1.2' }), /unknown 1\.2; known: minimum \(4\.100\.3\), current/);
  });

  it('moves kerberos to optionalDependencies in lib/vscode\'s manifest and shrinkwrap, keeping the rest', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlrun-secrets-cs-manifest-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'code-oss', dependencies: { kerberos: '2.1.1', 'node-pty': '1.0.0' }, overrides: { 'kerberos@2.1.1': {} } }));
      fs.writeFileSync(path.join(dir, 'npm-shrinkwrap.json'), JSON.stringify({
        packages: { '': { dependencies: { kerberos: '2.1.1', 'node-pty': '1.0.0' } }, 'node_modules/kerberos': { version: '2.1.1', hasInstallScript: true }, 'node_modules/node-pty': { version: '1.0.0' } },
      }));
      assert.equal(install.makeKerberosOptional(dir), true);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      assert.deepEqual(manifest.dependencies, { 'node-pty': '1.0.0' });
      assert.deepEqual(manifest.optionalDependencies, { kerberos: '2.1.1' });
      const lock = JSON.parse(fs.readFileSync(path.join(dir, 'npm-shrinkwrap.json'), 'utf8'));
      assert.deepEqual(lock.packages[''], { dependencies: { 'node-pty': '1.0.0' }, optionalDependencies: { kerberos: '2.1.1' } });
      assert.equal(lock.packages['node_modules/kerberos'].optional, true);
      assert.equal(lock.packages['node_modules/node-pty'].optional, undefined);
      assert.equal(install.makeKerberosOptional(dir), false, 'a second run changes nothing');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('installs on the target\'s Node, without the variables of an outer `npm test` on another Node', () => {
    const outer = {
      PATH: '/usr/bin:/bin', HTTPS_PROXY: 'http://proxy.invalid:3128', npm_config_registry: 'https://registry.invalid/',
      npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false', npm_config_local_prefix: '/work/repo',
      npm_lifecycle_event: 'test:e2e', npm_package_name: 'mlrun-secrets', npm_node_execpath: '/usr/bin/node', npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
    };
    const env = install.installEnv(outer, { binDir: '/cache/node-24/bin', nodedir: '/cache/node-24' }, '/tmp/x');
    assert.deepEqual(Object.keys(env).filter(k => /^npm_/i.test(k)).sort(),
      ['npm_config_dangerously_allow_all_scripts', 'npm_config_nodedir', 'npm_config_registry', 'npm_config_unsafe_perm', 'npm_config_yes']);
    assert.equal(env.PATH, '/cache/node-24/bin:/usr/bin:/bin');
    assert.equal(env.npm_config_nodedir, '/cache/node-24');
    assert.equal(env.HTTPS_PROXY, outer.HTTPS_PROXY);
    assert.equal(env.TMPDIR, '/tmp/x');
  });
});
