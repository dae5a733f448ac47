import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { OUT } from '../../util/paths';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI (tsc output) as a process, with an argument array. A run that has not ended after `timeoutMs` is
 * killed and fails the assertion (a hang regression fails instead of stalling the suite).
 */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): CliRun {
  const r = spawnSync(process.execPath, [path.join(OUT, 'server', 'src', 'cli.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.signal) throw new Error(`mlrun-secrets-lint ${args.join(' ')} did not finish within ${timeoutMs} ms (${r.signal ?? r.error?.message}); stderr: ${r.stderr}`);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
