// `npm start`: builds and packages the extension, installs it into code-server (VS Code 1.100.3, cached outside the
// clone) and serves it on demo/, printing the URL to open. Ctrl-C stops it.
//   npm start -- --with-doubles   also starts the in-repo API doubles (Kubernetes, MLRun, Azure Key Vault) on loopback
//                                 and points the machine settings at them, so every backend has something to show
//   npm start -- --desktop        uses a desktop `code` on PATH instead (extension development host on demo/)
//   npm start -- --port 8080      a fixed port (default: a free one)
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, checkSystemPackages, log, startCodeServer } from './codeServer.mjs';
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
  checkSystemPackages({ forInstall: false });
  npm(['run', '-s', 'package']);
  let doubles = { machineSettings: {}, env: {}, config: {}, stop: async () => undefined };
  if (args.includes('--with-doubles')) {
    npm(['run', '-s', 'compile-tests']);
    doubles = await startDoubles(root);
  }
  const portArg = args.indexOf('--port');
  const server = await startCodeServer({
    trusted: true,
    vsix: join(root, 'mlrun-secrets.vsix'),
    machineSettings: doubles.machineSettings,
    env: doubles.env,
    port: portArg >= 0 ? Number(args[portArg + 1]) : undefined,
    userDataDir: join(cacheDir().base, 'start-profile'),
  });
  const url = new URL(server.url);
  url.searchParams.set('folder', demo);
  log(`MLRun Secrets ${JSON.parse((await import('node:fs')).readFileSync(join(root, 'package.json'), 'utf8')).version} is served on demo/.`);
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
