// `npm start`: builds and packages the extension, installs it into code-server (the current VS Code of versions.mjs,
// cached outside the clone) and serves it on demo/, printing the URL to open. Ctrl-C stops it.
//   npm start -- --vscode minimum  the oldest VS Code the manifest admits instead (any id or version of versions.mjs)
//   npm start -- --with-doubles   also starts the in-repo API doubles (Kubernetes, MLRun, Azure Key Vault) on loopback
//                                 and points the machine settings at them, so every backend has something to show
//   npm start -- --desktop        uses a desktop `code` on PATH instead (extension development host on demo/)
//   npm start -- --port 8080      a fixed port (default: a free one)
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { log, startCodeServer } from './codeServer.mjs';
import { cacheBase } from './install.mjs';
import { ensureSystemPackages } from './systemPackages.mjs';
import { describeTarget, selectedTargets } from './versions.mjs';
import { startDoubles } from './doubles.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const args = process.argv.slice(2);
const demo = join(root, 'demo');

function npm(a) {
  const r = spawnSync('npm', a, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function main() {
  if (args.includes('--desktop')) {
    const code = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).stdout.trim();
    if (!code) throw new Error('--desktop needs a desktop `code` on PATH');
    npm(['run', '-s', 'build']);
    spawn(code, ['--extensionDevelopmentPath', root, demo], { stdio: 'inherit', detached: true }).unref();
    return;
  }
  const vscodeArg = args.indexOf('--vscode');
  const [target] = selectedTargets({ MLRUN_SECRETS_E2E_VSCODE: (vscodeArg >= 0 && args[vscodeArg + 1]) || 'current' });
  ensureSystemPackages();
  npm(['run', '-s', 'package']);
  let doubles = { machineSettings: {}, env: {}, config: {}, stop: async () => undefined };
  if (args.includes('--with-doubles')) {
    npm(['run', '-s', 'compile-tests']);
    doubles = await startDoubles(root);
  }
  const portArg = args.indexOf('--port');
  const server = await startCodeServer(target, {
    trusted: true,
    vsix: join(root, 'mlrun-secrets.vsix'),
    machineSettings: doubles.machineSettings,
    env: doubles.env,
    port: portArg >= 0 ? Number(args[portArg + 1]) : undefined,
    userDataDir: join(cacheBase(), `start-profile-${target.id}`),
  });
  const url = new URL(server.url);
  url.searchParams.set('folder', demo);
  log(`MLRun Secrets ${JSON.parse((await import('node:fs')).readFileSync(join(root, 'package.json'), 'utf8')).version} is served on demo/ by ${describeTarget(target)}.`);
  console.log(`\n  Open ${url.toString()}\n\n  Server log: ${server.serverLog}\n  Ctrl-C stops it.\n`);
  const stop = async () => {
    await server.stop({ keep: true });
    await doubles.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => undefined);
}

main().catch(e => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
