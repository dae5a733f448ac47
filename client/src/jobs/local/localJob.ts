/**
 * The local target: runs a handler in a child Python process with the chosen secrets in its environment only.
 *
 *   - The interpreter is probed first (`find_spec("mlrun")`, then the installed version: the distribution's metadata,
 *     else `import mlrun; mlrun.__version__`), without any secret in its environment: with mlrun, the job goes
 *     through MLRun's local runner (mlrunScript.ts, passed with `-c`); without, through the bundled fallback runner.
 *   - Each value is given under the name that MLRun reads (`context.get_secret` and `mlrun.get_secret_or_env`
 *     behave as in a job pod): `MLRUN_K8S_SECRET__<KEY upper>` up to MLRun 1.7, the key itself from 1.8, both for
 *     the fallback runner or an unknown version; for the `env` provider under its own name too. Inherited
 *     `MLRUN_K8S_SECRET__*` variables are removed, so the job sees exactly the chosen secrets.
 *   - Spawned with an argument array; the script and its argument hold names and paths, never a value; nothing is
 *     written to disk. The working directory is the workspace folder.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { K8S_SECRET_ENV_PREFIX, jobEnvNames, type EnvNaming } from '../../../../shared/src/mlrun';
import { fail, ok, silentLogger, type Logger, type Result } from '../../backends/types';
import { choiceForVersion, unknownVersion, type NamingChoice } from '../mlrunVersion';
import { functionNameForFile, newRunUid, runName } from '../names';
import { formatDuration, type JobOutcome, type JobRequest, type JobSink, type RunningJob, type SecretValues } from '../types';
import { MLRUN_LOCAL_SCRIPT, PROBE_SCRIPT, type MlrunScriptConfig } from './mlrunScript';
import { relative, sep } from 'node:path';
import { nullRecord } from '../../../../shared/src/records';

export type SpawnFn = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export type LocalRunner = 'mlrun' | 'fallback';

export interface LocalJobOptions {
  request: JobRequest;
  /** Resolved values of the chosen keys (null: an unset env variable, left out). */
  values: SecretValues;
  /** Interpreter path or command (`python3`). */
  python: string;
  /** Where the bundled runner.py is. */
  runnerPath: string;
  /** `image` passed to code_to_function (informational locally). */
  image: string;
  /** Absolute artifact path for MLRun's local runner. */
  artifactPath: string;
  /** The environment to inherit (the extension host's). */
  baseEnv: Readonly<Record<string, string | undefined>>;
  sink: JobSink;
  logger?: Logger;
  /** Force a runner (tests); default: MLRun's when importable. */
  runner?: LocalRunner;
  spawnFn?: SpawnFn;
  /** Grace period between SIGTERM and SIGKILL on cancel. */
  killGraceMs?: number;
}

export interface ProbeResult {
  executable: string;
  version: string;
  hasMlrun: boolean;
  /** The installed MLRun's version ("" when mlrun is missing or tells none). */
  mlrunVersion: string;
}

/** Relative, `/`-separated path of the handler file (what `code_to_function` gets as `filename`). */
export function relativeFilename(folder: string, file: string): string {
  return relative(folder, file).split(sep).join('/');
}

/** How a local run names the secret variables: from the interpreter's MLRun, else both names. */
export function localNaming(runner: LocalRunner, probe: Pick<ProbeResult, 'mlrunVersion'>): NamingChoice {
  if (runner === 'fallback') return unknownVersion('the fallback runner reads both names');
  return choiceForVersion(probe.mlrunVersion, v => `the interpreter's mlrun ${v}`)
    ?? unknownVersion(`the interpreter's mlrun reports ${probe.mlrunVersion ? `the version "${probe.mlrunVersion}"` : 'no version'}`);
}

/** The child's environment: inherited variables minus `MLRUN_K8S_SECRET__*`, plus the chosen values. */
export function childEnvironment(base: Readonly<Record<string, string | undefined>>, req: Pick<JobRequest, 'provider'>, values: SecretValues, naming: EnvNaming): Record<string, string> {
  // Null prototype: a key (and, for the env provider, a variable) may be named `__proto__`.
  const env = nullRecord<string>();
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !k.startsWith(K8S_SECRET_ENV_PREFIX)) env[k] = v;
  for (const [key, value] of values) {
    if (value === null || value === '') continue;
    for (const name of jobEnvNames(key, naming)) env[name] = value;
    if (req.provider.kind === 'env' && key) env[key] = value;
  }
  env.PYTHONUNBUFFERED = '1';
  env.PYTHONIOENCODING = 'utf-8';
  return env;
}

function collect(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string; error?: NodeJS.ErrnoException }> {
  return new Promise(resolve => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', error => resolve({ code: null, stdout, stderr, error }));
    child.once('close', code => resolve({ code, stdout, stderr }));
  });
}

/** Checks the interpreter and whether `mlrun` can be imported by it (without importing it). */
export async function probeInterpreter(python: string, env: Record<string, string>, cwd: string, spawnFn: SpawnFn = spawn): Promise<Result<ProbeResult>> {
  let child: ChildProcess;
  try {
    child = spawnFn(python, ['-c', PROBE_SCRIPT], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  } catch (e) {
    return fail('invalid', `Cannot start the Python interpreter "${python}": ${(e as Error).message}.`);
  }
  const r = await collect(child);
  if (r.error) {
    const why = r.error.code === 'ENOENT' ? 'it was not found' : r.error.code === 'EACCES' ? 'it is not executable' : r.error.message;
    return fail('invalid', `Cannot start the Python interpreter "${python}" (${why}). Select an interpreter with the Python extension or set mlrunSecrets.jobs.pythonPath.`);
  }
  const [executable, version, mlrunVersion] = r.stdout.split(/\r?\n/);
  if ((r.code !== 0 && r.code !== 3) || !executable || !version) {
    const detail = r.stderr.trim().split(/\r?\n/).pop() ?? '';
    return fail('invalid', `"${python}" did not run as a Python interpreter (exit ${r.code})${detail ? `: ${detail.slice(0, 200)}` : ''}.`);
  }
  return ok({ executable, version, hasMlrun: r.code === 0, mlrunVersion: r.code === 0 ? (mlrunVersion ?? '').trim() : '' });
}

function namingText(c: NamingChoice): string {
  if (c.naming === 'prefixed') return `as MLRUN_K8S_SECRET__<KEY>, which ${c.from} reads`;
  if (c.naming === 'plain') return `named after their keys, as ${c.from} reads them`;
  return `under both names, MLRUN_K8S_SECRET__<KEY> and <key>: ${c.from}`;
}

export async function startLocalJob(o: LocalJobOptions): Promise<Result<RunningJob>> {
  const logger = o.logger ?? silentLogger;
  const spawnFn = o.spawnFn ?? spawn;
  const req = o.request;
  // The probe gets no secret: only the inherited environment.
  const probe = await probeInterpreter(o.python, childEnvironment(o.baseEnv, req, new Map(), 'prefixed'), req.folder, spawnFn);
  if (!probe.ok) return probe;
  const runner: LocalRunner = o.runner ?? (probe.value.hasMlrun ? 'mlrun' : 'fallback');
  const naming = localNaming(runner, probe.value);
  const env = childEnvironment(o.baseEnv, req, o.values, naming.naming);
  const filename = relativeFilename(req.folder, req.file);
  const fnName = functionNameForFile(filename);
  const uid = newRunUid();
  const name = runName(fnName, req.handler);
  const given = [...o.values].filter(([, v]) => v !== null && v !== '').map(([k]) => k);

  let args: string[];
  if (runner === 'mlrun') {
    const sources: [string, unknown][] = [['kubernetes', given]];
    if (req.provider.kind === 'env') sources.push(['env', given.join(',')]);
    const envNames = Object.fromEntries(given.map(k => [k, jobEnvNames(k, naming.naming)]));
    const config: MlrunScriptConfig = { name: fnName, project: req.project, filename, handler: req.handler, image: o.image, uid, artifactPath: o.artifactPath, sources, envNames };
    args = ['-u', '-c', MLRUN_LOCAL_SCRIPT, JSON.stringify(config)];
  } else {
    args = ['-u', o.runnerPath, JSON.stringify({ filename, handler: req.handler, project: req.project, name, uid, params: {} })];
  }
  const runnerText = runner === 'mlrun' ? "MLRun's local runner" : 'the fallback runner (mlrun is not installed)';
  o.sink.info(`Running ${filename}:${req.handler} in project "${req.project}" with ${probe.value.executable} (Python ${probe.value.version}), ${runnerText}; secrets: ${given.length ? given.join(', ') : 'none'}${given.length ? ` (${namingText(naming)})` : ''}.`);
  logger.info(`local job ${name} (${uid}): ${probe.value.executable}, ${runner} runner, naming ${naming.naming} (${naming.from}), keys: ${given.join(', ') || 'none'}`);

  const started = Date.now();
  let child: ChildProcess;
  try {
    child = spawnFn(probe.value.executable, args, { cwd: req.folder, env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  } catch (e) {
    return fail('invalid', `Cannot start ${probe.value.executable}: ${(e as Error).message}.`);
  }
  let cancelled = false;
  let killTimer: NodeJS.Timeout | undefined;
  const out = new TextDecoder('utf-8');
  const err = new TextDecoder('utf-8');
  child.stdout?.on('data', (d: Buffer) => o.sink.output(out.decode(d, { stream: true })));
  child.stderr?.on('data', (d: Buffer) => o.sink.output(err.decode(d, { stream: true })));

  const done = new Promise<JobOutcome>(resolve => {
    let spawnError: Error | undefined;
    child.once('error', e => (spawnError = e));
    child.once('close', (code, signal) => {
      if (killTimer) clearTimeout(killTimer);
      const tail = out.decode() + err.decode();
      if (tail) o.sink.output(tail);
      const durationMs = Date.now() - started;
      const took = formatDuration(durationMs);
      let outcome: JobOutcome;
      if (spawnError) outcome = { state: 'error', durationMs, uid, message: `The job could not start: ${spawnError.message}.` };
      else if (cancelled) outcome = { state: 'aborted', durationMs, uid, message: `Job ${req.handler} was cancelled after ${took}.`, ...(code !== null ? { exitCode: code } : {}) };
      else if (code === 0) outcome = { state: 'completed', exitCode: 0, durationMs, uid, message: `Job ${req.handler} completed in ${took} (exit code 0).` };
      else outcome = { state: 'error', durationMs, uid, ...(code !== null ? { exitCode: code } : {}), message: `Job ${req.handler} failed after ${took} (${code !== null ? `exit code ${code}` : `signal ${signal}`}).` };
      logger.info(`local job ${name} (${uid}) ended: ${outcome.state}${outcome.exitCode !== undefined ? `, exit ${outcome.exitCode}` : ''}, ${took}`);
      resolve(outcome);
    });
  });

  const cancel = async (): Promise<Result<void>> => {
    if (child.exitCode !== null || child.signalCode !== null) return ok(undefined);
    cancelled = true;
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), o.killGraceMs ?? 3000);
    await done;
    return ok(undefined);
  };

  return ok({
    description: `${req.handler} · local process (${runner === 'mlrun' ? "MLRun's local runner" : 'fallback runner'})`,
    uid,
    cancel,
    // A local process has nowhere else to write: stopping to follow it stops it.
    detach: () => void cancel(),
    done,
  });
}
