/**
 * Job endpoints of the MLRun API double (never shipped; loopback only), after docs/mlrun-facts.md §8 and §11.3
 * and §2.2, §8.1, registered through the double's `addRoutes` (under `/api/v1` and `/api`):
 *
 *   POST projects/{p}/functions/{name}?versioned=True   store a function → {"hash_key"} (sha1 of the sorted JSON with
 *                                                       tag/hash/updated/status blanked, created removed)
 *   POST submit_job (and submit, with or without "/")   {"task", "function"?, "functionUrl"?} → 200 {"data": run}
 *   GET  projects/{p}/runs/{uid}                        200 {"data": run}
 *   GET  projects/{p}/logs/{uid}?offset=&size=          text/plain bytes, header x-mlrun-run-state
 *   GET  projects/{p}/logs/{uid}/size                   {"size"}
 *   POST projects/{p}/runs/{uid}/abort?iter=0           needs a JSON body → 202 BackgroundTask (for a run that has
 *                                                       already ended too: the task then fails with MLRun's
 *                                                       "Run is already in terminal state, can not be aborted")
 *
 * A submitted run is driven by `executor` (default: logs two lines and completes); tests replace it to hold a run,
 * fail it, or stream logs in pieces. Every store and submit request is recorded with its headers and parsed body.
 *
 *   const jobs = withMlrunJobs(mlrun);
 *   jobs.executor = async run => { run.log('hi\n'); await run.aborted; };   // runs until aborted
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { RouteContext } from '../router';
import type { MlrunPrincipal } from './auth';
import { MlrunHttpError, raise, validationError } from './errors';
import { requireProject } from './secrets';
import type { MlrunDouble } from './server';

type Ctx = RouteContext<MlrunPrincipal>;
type Json = Record<string, unknown>;

export const ACTIVE_STATES = ['pending', 'running', 'created', 'aborting'];
export const TERMINAL_STATES = ['completed', 'error', 'aborted', 'skipped'];

export interface RecordedRequest {
  path: string;
  query: Record<string, string[]>;
  headers: IncomingHttpHeaders;
  /** The raw body text (tests compare it parsed). */
  body: string;
}

export interface StoredFunction {
  project: string;
  name: string;
  hash: string;
  object: Json;
}

export interface RunRecord {
  project: string;
  uid: string;
  run: Json;
  log: Buffer;
  fn: Json;
}

/** What the executor gets for one run. */
export interface RunHandle {
  readonly uid: string;
  readonly project: string;
  readonly task: Json;
  readonly fn: Json;
  log(text: string): void;
  setState(state: string, error?: string): void;
  /** Resolves when the run is aborted. */
  readonly aborted: Promise<void>;
}

export type Executor = (run: RunHandle) => Promise<void>;

export const completingExecutor: Executor = async run => {
  run.setState('running');
  run.log(`> running handler ${String((run.task.spec as Json).handler)}\n`);
  run.log('> handler finished\n');
  run.setState('completed');
};

export interface MlrunJobsDouble {
  executor: Executor;
  readonly functionStores: RecordedRequest[];
  readonly submits: RecordedRequest[];
  readonly aborts: RecordedRequest[];
  readonly functions: StoredFunction[];
  readonly runs: Map<string, RunRecord>;
  /** Abort background tasks as they ended (`state` `succeeded` or `failed`, MLRun's `error`). */
  readonly backgroundTasks: { name: string; project: string; uid: string; state: 'succeeded' | 'failed'; error?: string }[];
  /** Resolves when every executor has finished. */
  idle(): Promise<void>;
}

function record(ctx: Ctx, body: Buffer): RecordedRequest {
  const query: Record<string, string[]> = {};
  for (const k of new Set(ctx.query.keys())) query[k] = ctx.query.getAll(k);
  return { path: ctx.path, query, headers: { ...ctx.req.headers }, body: body.toString('utf8') };
}

function reason(status: number, text: string): never {
  throw new MlrunHttpError(status, { detail: { reason: text } });
}

/** Python's `json.dumps(obj, sort_keys=True, default=str)`: `", "` / `": "` separators, ensure_ascii. */
export function pyDumpsSorted(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(v)) return `[${v.map(pyDumpsSorted).join(', ')}]`;
  const keys = Object.keys(v as Json).sort();
  return `{${keys.map(k => `${pyDumpsSorted(k)}: ${pyDumpsSorted((v as Json)[k])}`).join(', ')}}`;
}

/** `fill_object_hash` (§11.3). */
export function functionHash(fn: Json): string {
  const copy = structuredClone(fn);
  const meta = (copy.metadata ??= {}) as Json;
  meta.tag = '';
  meta.hash = '';
  meta.updated = '';
  delete meta.created;
  copy.status = '';
  return createHash('sha1').update(pyDumpsSorted(copy)).digest('hex');
}

/** Reads the body, records the request in `log`, and parses the body (400 "bad JSON body" when it is not JSON). */
async function recordedJson(ctx: Ctx, log: RecordedRequest[]): Promise<unknown> {
  const raw = await ctx.body();
  log.push(record(ctx, raw));
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return reason(400, 'bad JSON body');
  }
}

export function withMlrunJobs(mlrun: MlrunDouble): MlrunJobsDouble {
  const state = mlrun.state;
  const running = new Set<Promise<void>>();
  const aborters = new Map<string, () => void>();
  const jobs: MlrunJobsDouble = {
    executor: completingExecutor,
    functionStores: [],
    submits: [],
    aborts: [],
    functions: [],
    runs: new Map(),
    backgroundTasks: [],
    async idle() {
      while (running.size) await Promise.all([...running]);
    },
  };

  const storeFunction = (project: string, name: string, fn: Json): StoredFunction => {
    const hash = functionHash(fn);
    const object = structuredClone(fn);
    const meta = object.metadata as Json;
    meta.hash = hash;
    meta.tag = 'latest';
    meta.updated = new Date().toISOString();
    const stored = { project, name, hash, object };
    jobs.functions.push(stored);
    return stored;
  };

  const findFunction = (url: string): StoredFunction | undefined => {
    const m = /^([^/]+)\/([^@:]+)(?:@([0-9a-f]+)|:(.+))?$/.exec(url);
    if (!m) return undefined;
    const [, project, name, hash, tag] = m;
    const candidates = jobs.functions.filter(f => f.project === project && (f.name === name || (f.object.metadata as Json).name === name));
    if (hash) return candidates.find(f => f.hash === hash);
    if (tag && tag !== 'latest') return undefined;
    return candidates[candidates.length - 1];
  };

  const setState = (r: RunRecord, s: string, error?: string): void => {
    const status = (r.run.status ??= {}) as Json;
    if (TERMINAL_STATES.includes(String(status.state))) return;
    if (status.state === 'aborting' && s !== 'aborted') return;
    status.state = s;
    status.last_update = new Date().toISOString();
    if (error) status.error = error;
  };

  const start = (r: RunRecord): void => {
    let abort!: () => void;
    const aborted = new Promise<void>(resolve => (abort = resolve));
    aborters.set(r.uid, abort);
    const handle: RunHandle = {
      uid: r.uid,
      project: r.project,
      task: r.run,
      fn: r.fn,
      log(text) {
        r.log = Buffer.concat([r.log, Buffer.from(text, 'utf8')]);
      },
      setState: (s, error) => setState(r, s, error),
      aborted,
    };
    const p = (async () => {
      await new Promise(res => setImmediate(res));
      try {
        await jobs.executor(handle);
      } catch (e) {
        handle.log(`executor failed: ${(e as Error).message}\n`);
        setState(r, 'error', (e as Error).message);
      }
    })().finally(() => running.delete(p));
    running.add(p);
  };

  const runOf = (ctx: Ctx): RunRecord => {
    const project = ctx.params.project!;
    requireProject(state, project);
    const r = jobs.runs.get(ctx.params.uid!);
    if (!r || r.project !== project) raise(404, 'MLRunNotFoundError', `Run uid ${ctx.params.uid} of project ${project} not found`);
    return r;
  };

  const submit = async (ctx: Ctx): Promise<void> => {
    const data = await recordedJson(ctx, jobs.submits) as Json;
    const task = data?.task as Json | undefined;
    // E6: the server reads task.metadata.project before anything else.
    if (!task || typeof task !== 'object') raise(500, 'AttributeError', "'NoneType' object has no attribute 'get'");
    const project = (task.metadata as Json | undefined)?.project;
    if (typeof project !== 'string' || !project) raise(500, 'AttributeError', "'NoneType' object has no attribute 'get'");
    const url = (data.functionUrl as string | undefined) ?? ((task.spec as Json | undefined)?.function as string | undefined);
    if (!data.function && !url) reason(400, 'bad JSON, need to include function/url and task objects');
    requireProject(state, project);
    let fn: Json;
    if (url) {
      const found = findFunction(url);
      if (!found) raise(404, 'MLRunNotFoundError', `Function not found ${url}`);
      fn = structuredClone(found.object);
      if (data.function) Object.assign(fn, data.function as Json);
    } else fn = structuredClone(data.function as Json);
    const image = (fn.spec as Json | undefined)?.image;
    if (typeof image !== 'string' || !image) reason(400, 'Runtime error: This runtime kind (job) must have a valid image');
    const run = structuredClone(task);
    const meta = run.metadata as Json;
    const labels = (meta.labels ??= {}) as Record<string, string>;
    const clientVersion = ctx.req.headers['x-mlrun-client-version'];
    if (typeof clientVersion === 'string') labels['mlrun/client_version'] = clientVersion;
    const pyVersion = ctx.req.headers['x-mlrun-client-python-version'];
    if (typeof pyVersion === 'string') labels['mlrun/client_python_version'] = pyVersion;
    const remoteUser = ctx.req.headers['x-remote-user'];
    if (typeof remoteUser === 'string') {
      labels.v3io_user ??= remoteUser;
      labels.owner ??= remoteUser;
    }
    const fnName = String((fn.metadata as Json).name);
    const stored = storeFunction(project, fnName, fn);
    (run.spec as Json).function = `${project}/${fnName}@${stored.hash}`;
    const uid = typeof meta.uid === 'string' && meta.uid ? meta.uid : randomUUID().replaceAll('-', '');
    meta.uid = uid;
    run.status = { state: 'created', last_update: new Date().toISOString() };
    const r: RunRecord = { project, uid, run, log: Buffer.alloc(0), fn };
    jobs.runs.set(uid, r);
    ctx.send(200, { data: run });
    start(r);
  };

  mlrun.addRoutes(prefix => [
    {
      method: 'POST',
      path: `${prefix}/projects/:project/functions/:name`,
      async handler(ctx) {
        const fn = await recordedJson(ctx, jobs.functionStores) as Json;
        const project = ctx.params.project!;
        requireProject(state, project);
        const bodyName = (fn?.metadata as Json | undefined)?.name;
        if (typeof bodyName !== 'string' || bodyName.toLowerCase().replaceAll('_', '-') !== ctx.params.name) {
          reason(400, 'Conflict between requested name and name in function body');
        }
        const stored = storeFunction(project, ctx.params.name!, fn);
        ctx.send(200, { hash_key: stored.hash });
      },
    },
    ...['submit', 'submit_job'].map(path => ({ method: 'POST', path: `${prefix}/${path}`, handler: submit })),
    {
      method: 'GET',
      path: `${prefix}/projects/:project/runs/:uid`,
      handler(ctx: Ctx) {
        ctx.send(200, { data: runOf(ctx).run });
      },
    },
    {
      method: 'GET',
      path: `${prefix}/projects/:project/logs/:uid`,
      handler(ctx: Ctx) {
        const offsetText = ctx.query.get('offset') ?? '0';
        const sizeText = ctx.query.get('size') ?? '-1';
        const bad = [['offset', offsetText], ['size', sizeText]].filter(([, v]) => !/^-?\d+$/.test(v!));
        if (bad.length) throw validationError(bad.map(([k]) => ({ loc: ['query', k!], msg: 'value is not a valid integer', type: 'type_error.integer' })));
        const offset = Number(offsetText);
        const size = Number(sizeText);
        if (offset < 0) raise(400, 'MLRunInvalidArgumentError', 'Offset cannot be negative');
        const r = runOf(ctx);
        const chunk = size < 0 ? r.log.subarray(offset) : r.log.subarray(offset, offset + size);
        ctx.res.writeHead(200, { 'content-type': 'text/plain', 'x-mlrun-run-state': String((r.run.status as Json).state) });
        ctx.res.end(chunk);
      },
    },
    {
      method: 'GET',
      path: `${prefix}/projects/:project/logs/:uid/size`,
      handler(ctx: Ctx) {
        ctx.send(200, { size: runOf(ctx).log.length });
      },
    },
    {
      method: 'POST',
      path: `${prefix}/projects/:project/runs/:uid/abort`,
      async handler(ctx: Ctx) {
        await recordedJson(ctx, jobs.aborts);
        const r = runOf(ctx);
        const current = String((r.run.status as Json).state);
        const name = randomUUID();
        // MLRun answers 202 with the task at once; Runs().abort_run runs in it and raises for an ended run.
        if (TERMINAL_STATES.includes(current)) {
          jobs.backgroundTasks.push({ name, project: r.project, uid: r.uid, state: 'failed', error: 'Run is already in terminal state, can not be aborted' });
        } else {
          setState(r, 'aborting');
          aborters.get(r.uid)?.();
          setTimeout(() => setState(r, 'aborted'), 20);
          jobs.backgroundTasks.push({ name, project: r.project, uid: r.uid, state: 'succeeded' });
        }
        const now = new Date().toISOString();
        ctx.send(202, {
          kind: 'BackgroundTask',
          metadata: { name, project: r.project, created: now, updated: now, timeout: null },
          spec: {},
          status: { state: 'running', error: null },
        });
      },
    },
  ]);
  return jobs;
}
