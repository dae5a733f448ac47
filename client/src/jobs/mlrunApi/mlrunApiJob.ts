/**
 * The MLRun API target, as MLRun's client launcher does it (docs/mlrun-facts.md §8, §11.3–§11.4):
 *   1. `GET client-spec` and `GET projects/{p}` (server version, artifact path → `output_path`);
 *   2. `POST projects/{p}/functions/{name}?versioned=True` with the function object → `{"hash_key"}`;
 *   3. `POST submit_job` with `{"task": <run>}` (`spec.function` = `{p}/{name}@{hash}`, the secret sources of §3.3);
 *   4. logs by byte offset (`GET projects/{p}/logs/{uid}?offset=&size=`, state in `x-mlrun-run-state`) until the run
 *      is no longer active and a chunk comes back empty, then the final state from `GET projects/{p}/runs/{uid}`;
 *   5. cancel = `POST projects/{p}/runs/{uid}/abort?iter=0` with the JSON body `{}` (E6).
 * `x-mlrun-client-version` is sent only with the server's own version (the server turns it into the image tag).
 * Values (by-value providers, after the user's consent) travel only inside the submit body.
 */
import type { MlrunApiBackend } from '../../backends/mlrunApi/backend';
import type { CallOptions } from '../../backends/mlrunApi/client';
import { realSleep, type Sleep } from '../../backends/common/retry';
import { callRedactor, shorten } from '../../backends/common/redact';
import { fail, ok, silentLogger, type Logger, type Result } from '../../backends/types';
import { buildFunctionObject, functionUri, storeFunctionPathName } from '../functionObject';
import { functionNameForFile, newRunUid, runName, validateRunName } from '../names';
import { buildRunObject, runLabels, runOwner } from '../runObject';
import { remoteSecretSources } from '../secretSources';
import { formatDuration, TERMINAL_STATES, type JobOutcome, type JobRequest, type JobSink, type RunState, type RunningJob, type SecretValues } from '../types';
import { serverFacts } from './artifactPath';

/** States in which MLRun's `watch_log` keeps polling (§8.3). */
const ACTIVE: readonly string[] = ['pending', 'running', 'created', 'aborting'];

/** The run's error text, redacted of the values it was given before it is cut (it is the job's own text). */
function runError(error: string, values: readonly string[]): string {
  return shorten(callRedactor(values).clean(error, { oneLine: true }) ?? 'its error text is not shown because it may contain a value', 300);
}

export interface MlrunApiJobOptions {
  backend: MlrunApiBackend;
  request: JobRequest;
  /** Relative, `/`-separated path of the handler file (`filename` of code_to_function). */
  filename: string;
  /** The file's text. */
  code: string;
  gitOrigin?: string;
  image: string;
  /** Resolved values for by-value providers. */
  values?: SecretValues;
  sink: JobSink;
  logger?: Logger;
  env?: Readonly<Record<string, string | undefined>>;
  /** Between log polls (MLRun's client uses 3 s). */
  pollIntervalMs?: number;
  /** Bytes per log request (MLRun's default is 1 MiB). */
  logChunkBytes?: number;
  sleep?: Sleep;
}

function asState(v: unknown): RunState {
  return (typeof v === 'string' && v ? v.toLowerCase() : 'unknown') as RunState;
}

export async function startMlrunApiJob(o: MlrunApiJobOptions): Promise<Result<RunningJob>> {
  const logger = o.logger ?? silentLogger;
  const sleep = o.sleep ?? realSleep;
  const client = o.backend.client;
  const req = o.request;
  const project = req.project;
  const uid = newRunUid();
  const owner = runOwner(o.env ?? process.env);
  const fnName = functionNameForFile(o.filename);
  const name = runName(fnName, req.handler);
  const badName = validateRunName(name);
  if (badName) return fail('invalid', badName);

  let sources;
  try {
    sources = remoteSecretSources(req, 'mlrunApi', o.values);
  } catch (e) {
    return fail('invalid', (e as Error).message);
  }
  const values = [...(o.values?.values() ?? [])].filter((v): v is string => typeof v === 'string' && v.length > 0);

  const facts = await serverFacts(client, project, uid, owner);
  if (!facts.ok) return facts;
  const versionHeader: Record<string, string> = facts.value.version ? { 'x-mlrun-client-version': facts.value.version } : {};

  const fn = buildFunctionObject({ name: fnName, project, filename: o.filename, handler: req.handler, image: o.image, code: o.code, gitOrigin: o.gitOrigin, withCredentials: true });
  const stored = await client.call<{ hash_key?: unknown }>({
    method: 'POST',
    path: `projects/${encodeURIComponent(project)}/functions/${encodeURIComponent(storeFunctionPathName(fn))}`,
    query: [['versioned', 'True']],
    json: fn,
    expect: [200],
    action: `storing function "${fn.metadata.name}"`,
    project,
    retry: true,
    headers: versionHeader,
  });
  if (!stored.ok) return stored;
  const hashKey = typeof stored.value?.hash_key === 'string' ? stored.value.hash_key : undefined;

  const task = buildRunObject({
    uid, name, project, labels: runLabels(owner, o.env ?? process.env), functionUri: functionUri(fn, hashKey), handler: req.handler,
    outputPath: facts.value.outputPath, secretSources: sources,
  });
  const submitted = await client.call<{ data?: { metadata?: { uid?: unknown } } }>({
    method: 'POST', path: 'submit_job', json: { task }, expect: [200], action: `submitting run "${name}"`, project, values, retry: false, headers: versionHeader,
  });
  if (!submitted.ok) return submitted;
  const started = Date.now();
  o.sink.info(`Submitted run ${name} (uid ${uid}) of function ${task.spec.function} to the MLRun API at ${client.endpoint}; secrets: ${describeSources(req)}.`);
  logger.info(`MLRun API job ${name} (${uid}) submitted to project ${project}`);

  const runPath = `projects/${encodeURIComponent(project)}/runs/${uid}`;
  let detached = false;
  let abortRequested = false;
  const following = new AbortController();

  const call = <T>(opts: Omit<CallOptions, 'signal' | 'retry' | 'project'>): Promise<Result<T>> =>
    client.call<T>({ ...opts, project, retry: true, signal: following.signal });

  const follow = async (): Promise<JobOutcome> => {
    const decoder = new TextDecoder('utf-8');
    let offset = 0;
    let state: RunState = 'created';
    let empty = 0;
    const interval = o.pollIntervalMs ?? 1000;
    const size = o.logChunkBytes ?? 1024 * 1024;
    for (;;) {
      if (detached) break;
      const r = await client.callRaw({
        method: 'GET', path: `projects/${encodeURIComponent(project)}/logs/${uid}`, query: [['offset', String(offset)], ['size', String(size)]],
        headers: { accept: 'text/plain, application/json' }, expect: [200], action: `reading the logs of run "${name}"`, project, retry: true, signal: following.signal,
      });
      if (!r.ok) {
        if (detached) break;
        const took = formatDuration(Date.now() - started);
        return { state: 'unknown', durationMs: Date.now() - started, uid, message: `Lost track of run ${name} after ${took}: ${r.error.message}` };
      }
      const header = r.value.headers['x-mlrun-run-state'];
      state = asState(Array.isArray(header) ? header[0] : header);
      const chunk = r.value.body;
      if (chunk.length) {
        o.sink.output(decoder.decode(chunk, { stream: true }));
        offset += chunk.length;
        empty = 0;
        if (chunk.length >= size) continue;
      } else {
        if (!ACTIVE.includes(state)) break;
        empty++;
      }
      await sleep(empty >= 3 ? interval * 3 : interval, following.signal);
    }
    const tail = decoder.decode();
    if (tail) o.sink.output(tail);
    const durationMs = Date.now() - started;
    const took = formatDuration(durationMs);
    if (detached) return { state, durationMs, uid, message: `Stopped following run ${name}; it keeps running on the MLRun API (uid ${uid}).` };
    const final = await call<{ data?: { status?: { state?: unknown; error?: unknown } } }>({
      method: 'GET', path: runPath, query: [['iter', '0'], ['format', 'full']], expect: [200], action: `reading run "${name}"`,
    });
    if (final.ok) state = asState(final.value?.data?.status?.state ?? state);
    const error = final.ok && typeof final.value?.data?.status?.error === 'string' ? final.value.data.status.error : undefined;
    logger.info(`MLRun API job ${name} (${uid}) ended: ${state}, ${took}`);
    if (state === 'completed') return { state, durationMs, uid, message: `Run ${name} completed in ${took}.` };
    if (state === 'aborted' || abortRequested) return { state: 'aborted', durationMs, uid, message: `Run ${name} was aborted after ${took}.` };
    const known = TERMINAL_STATES.includes(state);
    return { state: known ? state : 'unknown', durationMs, uid, message: `Run ${name} ended in state "${state}" after ${took}${error ? `: ${runError(error, values)}` : ''}.` };
  };

  const done = follow();

  return ok({
    description: `${req.handler} · MLRun API run ${uid}`,
    uid,
    async cancel(): Promise<Result<void>> {
      abortRequested = true;
      const r = await client.call<unknown>({
        method: 'POST', path: `${runPath}/abort`, query: [['iter', '0']], json: {}, expect: [200, 202], action: `aborting run "${name}"`, project, retry: false,
      });
      if (!r.ok) {
        abortRequested = false;
        return r;
      }
      o.sink.info(`Abort of run ${name} requested.`);
      return ok(undefined);
    },
    detach() {
      detached = true;
      following.abort();
    },
    done,
  });
}

function describeSources(req: JobRequest): string {
  const p = req.provider;
  if (p.kind === 'kubernetes') return `kubernetes source [${req.keys.join(', ')}] (injected by the server from the project Secret)`;
  if (p.kind === 'azure_vault') return `azure_vault source ${p.vault} [${req.keys.join(', ')}]`;
  return `${req.keys.length} value(s) from the ${p.kind} provider as an inline source`;
}
