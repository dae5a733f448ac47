/**
 * Benchmark 2: the CLI over the standard library of the `python3` on PATH (site-packages excluded), side by side
 * with `bandit -r -t B105,B106,B107` and `rg` for the same keywords. Installs Debian's bandit and ripgrep when
 * missing. Wall time of the whole process; best of several runs for the fast tools.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';

export interface ScanResult {
  stdlib: string;
  files: number;
  bytes: number;
  cli: number;
  /** The CLI without NODE_EXTRA_CA_CERTS (null when it is not set): loading extra CA certificates slows every node start. */
  cliWithoutExtraCerts: number | null;
  rg: number | null;
  bandit: number | null;
}

function which(cmd: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$0"', cmd], { stdio: 'ignore' }).status === 0;
}

function ensureTools(): void {
  const missing = [['bandit', 'bandit'], ['rg', 'ripgrep']].filter(([cmd]) => !which(cmd)).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  console.log(`  installing ${missing.join(', ')} with apt-get…`);
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
  spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function timeIt(cmd: string, args: string[], runs: number, env: NodeJS.ProcessEnv = process.env): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 256 * 1024 * 1024, env });
    const ms = performance.now() - t0;
    if (r.error) throw r.error;
    best = Math.min(best, ms);
  }
  return best;
}

export const KEYWORDS = ['with_secrets', 'set_secrets', 'get_secret', 'secret_sources', 'mlrun-secrets'];

export function scanThroughput(cli: string): ScanResult {
  ensureTools();
  const stdlib = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  const siteDirs = [path.join(stdlib, 'site-packages'), path.join(stdlib, 'dist-packages')];
  // Warm the page cache, and read the CLI's own statistics.
  const stats = JSON.parse(execFileSync(process.execPath, [cli, '--format', 'json', '--min-severity', 'hint', stdlib], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).toString() || '{}').stats
    ?? { files: 0, bytes: 0 };
  const cliMs = timeIt(process.execPath, [cli, '--format', 'json', stdlib], 5);
  let cliWithoutExtraCerts: number | null = null;
  if (process.env.NODE_EXTRA_CA_CERTS) {
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    cliWithoutExtraCerts = timeIt(process.execPath, [cli, '--format', 'json', stdlib], 5, env);
  }
  const rgArgs = ['--no-messages', '-c', '-t', 'py', '-t', 'markdown', '-t', 'yaml', '-t', 'jupyter', '-g', '!site-packages', '-g', '!dist-packages', ...KEYWORDS.flatMap(k => ['-e', k]), stdlib];
  const rg = which('rg') ? timeIt('rg', rgArgs, 5) : null;
  const banditArgs = ['-r', '-q', '-t', 'B105,B106,B107', '-f', 'json', '-x', siteDirs.join(','), stdlib];
  const bandit = which('bandit') ? timeIt('bandit', banditArgs, 1) : null;
  return { stdlib, files: stats.files, bytes: stats.bytes, cli: cliMs, cliWithoutExtraCerts, rg, bandit };
}
