/**
 * A container program for the Kubernetes double's kubelet (jobs.ts) that runs what an `mlrun/mlrun` container would:
 * `mlrun run ...` becomes `python3 -m mlrun run ...` with the `mlrun` Python double (test/doubles/python) on
 * PYTHONPATH, in a fresh working directory (the image's writable `/mlrun`), with exactly the env the kubelet resolved
 * (plus PATH, PYTHONPATH and the double's record file). The double plays the MLRun version of the image's tag
 * (`mlrun/mlrun:1.7.2` → 1.7.2; `MLRUN_DOUBLE_VERSION`), `untaggedVersion` for an image without a version tag (default
 * 1.8.0: what a current `mlrun/mlrun` image holds). Files of volume mounts are not materialised.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ContainerProgram } from './jobs';

export const PYTHON_DOUBLE_PATH = resolve(__dirname, '../../../../test/doubles/python');

/** The version an image's tag names (`repo/mlrun:1.7.2@sha256:…` → `1.7.2`), or undefined. */
export function imageVersion(image: string): string | undefined {
  const last = image.split('@')[0]!.split('/').pop() ?? '';
  const tag = last.includes(':') ? last.slice(last.lastIndexOf(':') + 1) : '';
  return /^v?\d+\.\d+/.test(tag) ? tag : undefined;
}

export function pythonMlrunContainer(options: { python?: string; recordFile?: string; untaggedVersion?: string } = {}): ContainerProgram {
  return run => new Promise(resolvePromise => {
    const command = run.container.command ?? [];
    if (command[0] !== 'mlrun') {
      run.log(`exec: "${command[0] ?? ''}": executable file not found in $PATH\n`);
      return resolvePromise(127);
    }
    const cwd = mkdtempSync(join(tmpdir(), 'mlrun-pod-'));
    const env: Record<string, string> = {
      ...run.env,
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      PYTHONPATH: PYTHON_DOUBLE_PATH,
      PYTHONUNBUFFERED: '1',
      HOME: cwd,
      MLRUN_DOUBLE_VERSION: imageVersion(run.container.image) ?? options.untaggedVersion ?? '1.8.0',
      ...(options.recordFile ? { MLRUN_DOUBLE_RECORD: options.recordFile } : {}),
    };
    const child = spawn(options.python ?? 'python3', ['-m', 'mlrun', ...command.slice(1), ...(run.container.args ?? [])], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (d: string) => run.log(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => run.log(d));
    const onAbort = (): void => {
      child.kill('SIGKILL');
    };
    run.signal.addEventListener('abort', onAbort, { once: true });
    child.once('close', code => {
      run.signal.removeEventListener('abort', onAbort);
      rmSync(cwd, { recursive: true, force: true });
      resolvePromise(code ?? 137);
    });
  });
}
