import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { OUT } from '../../util/paths';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI (tsc output) as a process, with an argument array. */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [path.join(OUT, 'server', 'src', 'cli.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
