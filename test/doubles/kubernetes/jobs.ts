/**
 * Jobs for the Kubernetes double (never shipped; loopback only): registers batch/v1 Jobs, core/v1 Pods and
 * ConfigMaps and the `pods/log` subresource, and runs a small controller + kubelet on the double's state:
 *
 *   - Job created → the controller labels it (`controller-uid`, `job-name` and their `batch.kubernetes.io/` forms),
 *     creates one Pod `<job>-<5 chars>` owned by it and counts it `active`;
 *   - the kubelet resolves the container's env as a kubelet does (`secretKeyRef` from the Secret in the pod's
 *     namespace; a missing Secret or key leaves the container waiting with `CreateContainerConfigError` and Kubernetes'
 *     message, retried until it appears) and the secret/configMap volumes, then runs the container — by default a
 *     no-op that logs one line; tests set `program` (e.g. pythonContainer.ts runs the `mlrun` Python double) —
 *     with its output as the pod log (RFC3339Nano timestamps), ending in `Succeeded`/`Failed` with the exit code;
 *   - the Job's status follows (`succeeded`/`failed`, `Complete`/`Failed` conditions, `BackoffLimitExceeded`);
 *   - deleting a Job deletes what it owns (pods, ConfigMaps with an ownerReference to it), as garbage collection does;
 *     deleting a running pod stops its program.
 *
 *   const k8s = await startKubernetesDouble();
 *   const jobs = withJobs(k8s, { program: async run => { run.log('hello\n'); return 0; } });
 *   jobs.logText('mlrun', podName)       // what the container printed
 *   jobs.cutFollowAfterLines = 2         // a follow stream closes early (as real API servers sometimes do)
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { RouteContext } from '../router';
import { authorize } from './auth';
import type { KubernetesDouble } from './server';
import { typeKeyOf, type ChangeEvent, type KubeObject, type User } from './state';
import { badRequest, notFound, StatusError } from './status';
import { CONFIG_MAP_TYPE, JOB_TYPE, POD_TYPE } from './workloads';

export const JOBS = typeKeyOf('batch', 'v1', 'jobs');
export const PODS = typeKeyOf('', 'v1', 'pods');
export const CONFIG_MAPS = typeKeyOf('', 'v1', 'configmaps');

type Json = Record<string, unknown>;

export interface ContainerRun {
  pod: KubeObject;
  container: { name: string; image: string; command?: string[]; args?: string[] };
  /** The env as the kubelet resolved it (secretKeyRef values included). */
  env: Record<string, string>;
  /** Files of secret/configMap volume mounts: absolute path → content. */
  files: Record<string, string>;
  log(text: string): void;
  /** Aborted when the pod is deleted. */
  signal: AbortSignal;
}

/** Runs a container; resolves to its exit code. */
export type ContainerProgram = (run: ContainerRun) => Promise<number>;

export const noopProgram: ContainerProgram = async run => {
  run.log(`container ${run.container.name} (${run.container.image}) ran: ${[...(run.container.command ?? []), ...(run.container.args ?? [])].slice(0, 4).join(' ')} …\n`);
  return 0;
};

interface PodLog {
  lines: { ts: string; text: string }[];
  partial: string;
  ended: boolean;
  events: EventEmitter;
}

export interface JobsDouble {
  program: ContainerProgram;
  /** Images whose pull fails (`ErrImagePull`). */
  failingImages: Set<string>;
  /** Close every follow stream after this many lines written while following (0 = never). */
  cutFollowAfterLines: number;
  /** Log text of a pod (without timestamps). */
  logText(namespace: string, pod: string): string;
  /** Resolves when every started container has finished. */
  idle(): Promise<void>;
  stop(): void;
}

let clock = 0;

/** RFC3339Nano as the kubelet writes it (trailing zeros of the fraction trimmed); strictly increasing. */
function timestamp(): string {
  const now = Date.now() * 1e6;
  clock = Math.max(clock + 1, now);
  const ms = Math.floor(clock / 1e6);
  const iso = new Date(ms).toISOString().slice(0, 19);
  const nanos = String(clock - Math.floor(clock / 1e9) * 1e9).padStart(9, '0').replace(/0+$/, '');
  return `${iso}${nanos ? `.${nanos}` : ''}Z`;
}

function podKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function withJobs(k8s: KubernetesDouble, options: { program?: ContainerProgram } = {}): JobsDouble {
  const state = k8s.state;
  k8s.registerResource(JOB_TYPE);
  k8s.registerResource(POD_TYPE);
  k8s.registerResource(CONFIG_MAP_TYPE);
  k8s.addSubresource({ group: '', version: 'v1', name: 'pods/log', kind: 'Pod', namespaced: true, verbs: ['get'] });
  const logs = new Map<string, PodLog>();
  const running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  const double: JobsDouble = {
    program: options.program ?? noopProgram,
    failingImages: new Set(),
    cutFollowAfterLines: 0,
    logText: (ns, pod) => (logs.get(podKey(ns, pod))?.lines ?? []).map(l => l.text + '\n').join(''),
    async idle() {
      while (running.size) await Promise.all([...running.values()].map(r => r.done));
    },
    stop() {
      state.events.off('change', onChange);
      for (const r of running.values()) r.abort.abort();
    },
  };

  const log = (ns: string, pod: string): PodLog => {
    const key = podKey(ns, pod);
    let l = logs.get(key);
    if (!l) {
      l = { lines: [], partial: '', ended: false, events: new EventEmitter() };
      l.events.setMaxListeners(0);
      logs.set(key, l);
    }
    return l;
  };
  const append = (l: PodLog, text: string): void => {
    const parts = (l.partial + text).split('\n');
    l.partial = parts.pop() ?? '';
    for (const p of parts) {
      const line = { ts: timestamp(), text: p };
      l.lines.push(line);
      l.events.emit('line', line);
    }
  };
  const endLog = (l: PodLog): void => {
    if (l.partial) append(l, '\n');
    l.ended = true;
    l.events.emit('end');
  };

  /** Read-modify-write with retry on conflicts (the controller races with clients too). */
  const update = (typeKey: string, ns: string, name: string, change: (o: KubeObject) => void): KubeObject | undefined => {
    for (;;) {
      const current = state.get(typeKey, ns, name);
      if (!current) return undefined;
      change(current);
      const stored = state.replace(typeKey, current, current.metadata.resourceVersion!);
      if (stored) return stored;
    }
  };

  const onJobAdded = (job: KubeObject): void => {
    const ns = job.metadata.namespace!;
    const uid = job.metadata.uid!;
    const controllerLabels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': job.metadata.name, 'controller-uid': uid, 'job-name': job.metadata.name };
    const labelled = update(JOBS, ns, job.metadata.name, j => {
      const spec = j.spec as Json;
      spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
      const template = spec.template as Json;
      const meta = (template.metadata ??= {}) as Json;
      meta.labels = { ...((meta.labels as Record<string, string> | undefined) ?? {}), ...controllerLabels };
      j.status = { active: 1, startTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), ready: 0, terminating: 0, uncountedTerminatedPods: {} };
    });
    if (!labelled) return;
    const template = (labelled.spec as Json).template as Json;
    const podName = `${job.metadata.name}-${randomBytes(4).toString('hex').slice(0, 5)}`;
    const spec = structuredClone(template.spec) as Json;
    const containers = spec.containers as Json[];
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: podName,
        namespace: ns,
        labels: { ...((template.metadata as Json).labels as Record<string, string>) },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, uid, controller: true, blockOwnerDeletion: true }],
      },
      spec,
      status: {
        phase: 'Pending',
        containerStatuses: containers.map(c => ({ name: c.name, image: c.image, ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } } })),
      },
    };
    const stored = state.insert(PODS, pod);
    if (stored) startKubelet(stored);
  };

  const setContainer = (ns: string, name: string, phase: string, containerState: Json): KubeObject | undefined =>
    update(PODS, ns, name, p => {
      const status = (p.status ?? {}) as Json;
      status.phase = phase;
      const cs = (status.containerStatuses as Json[] | undefined)?.[0];
      if (cs) {
        cs.state = containerState;
        cs.ready = 'running' in containerState;
        cs.started = !('waiting' in containerState);
      }
      p.status = status;
    });

  /** The container's env and mounted files, or the reason it cannot start yet. */
  const resolve = (pod: KubeObject): { env: Record<string, string>; files: Record<string, string> } | { waiting: { reason: string; message: string } } => {
    const ns = pod.metadata.namespace!;
    const spec = pod.spec as Json;
    const container = (spec.containers as Json[])[0]!;
    if (double.failingImages.has(container.image as string)) {
      return { waiting: { reason: 'ErrImagePull', message: `failed to pull and unpack image "${String(container.image)}": not found` } };
    }
    const env: Record<string, string> = {};
    for (const e of (container.env as Json[] | undefined) ?? []) {
      const ref = (e.valueFrom as Json | undefined)?.secretKeyRef as { name: string; key: string; optional?: boolean } | undefined;
      if (!ref) {
        env[e.name as string] = String(e.value ?? '');
        continue;
      }
      const data = state.secretData(ns, ref.name);
      if (!data) {
        if (ref.optional) continue;
        return { waiting: { reason: 'CreateContainerConfigError', message: `secret "${ref.name}" not found` } };
      }
      if (!Object.prototype.hasOwnProperty.call(data, ref.key)) {
        if (ref.optional) continue;
        return { waiting: { reason: 'CreateContainerConfigError', message: `couldn't find key ${ref.key} in Secret ${ns}/${ref.name}` } };
      }
      env[e.name as string] = data[ref.key]!;
    }
    const files: Record<string, string> = {};
    const volumes = new Map(((spec.volumes as Json[] | undefined) ?? []).map(v => [v.name as string, v]));
    for (const m of (container.volumeMounts as Json[] | undefined) ?? []) {
      const v = volumes.get(m.name as string);
      const secretName = (v?.secret as Json | undefined)?.secretName as string | undefined;
      const cmName = (v?.configMap as Json | undefined)?.name as string | undefined;
      let content: Record<string, string> | undefined;
      if (secretName) content = state.secretData(ns, secretName);
      else if (cmName) content = (state.get(CONFIG_MAPS, ns, cmName)?.data as Record<string, string> | undefined);
      else continue;
      if (!content) return { waiting: { reason: 'ContainerCreating', message: `MountVolume.SetUp failed for volume "${String(m.name)}": ${secretName ? 'secret' : 'configmap'} "${secretName ?? cmName}" not found` } };
      for (const [k, val] of Object.entries(content)) files[`${String(m.mountPath).replace(/\/$/, '')}/${k}`] = val;
    }
    return { env, files };
  };

  const startKubelet = (pod: KubeObject): void => {
    const ns = pod.metadata.namespace!;
    const name = pod.metadata.name;
    const abort = new AbortController();
    const done = (async () => {
      let resolved = resolve(pod);
      let lastWaiting = '';
      while ('waiting' in resolved) {
        if (abort.signal.aborted) return;
        const w = resolved.waiting;
        if (w.reason + w.message !== lastWaiting) {
          setContainer(ns, name, 'Pending', { waiting: w });
          lastWaiting = w.reason + w.message;
        }
        await new Promise(r => setTimeout(r, 50));
        resolved = resolve(pod);
      }
      const l = log(ns, name);
      const startedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      if (!setContainer(ns, name, 'Running', { running: { startedAt } })) return;
      const container = ((pod.spec as Json).containers as Json[])[0]! as ContainerRun['container'];
      let exitCode: number;
      try {
        exitCode = await double.program({ pod, container, env: resolved.env, files: resolved.files, log: text => append(l, text), signal: abort.signal });
      } catch (e) {
        append(l, `container failed: ${(e as Error).message}\n`);
        exitCode = 128;
      }
      endLog(l);
      if (abort.signal.aborted) return;
      const finishedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const reason = exitCode === 0 ? 'Completed' : 'Error';
      setContainer(ns, name, exitCode === 0 ? 'Succeeded' : 'Failed', { terminated: { exitCode, reason, startedAt, finishedAt } });
      const owner = (pod.metadata.ownerReferences as Json[] | undefined)?.find(o => o.kind === 'Job');
      if (!owner) return;
      update(JOBS, ns, owner.name as string, j => {
        const status = (j.status ?? {}) as Json;
        status.active = 0;
        status.ready = 0;
        const when = finishedAt;
        if (exitCode === 0) {
          status.succeeded = 1;
          status.completionTime = when;
          status.conditions = [
            { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: when, lastTransitionTime: when },
            { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: when, lastTransitionTime: when },
          ];
        } else {
          status.failed = 1;
          status.conditions = [
            { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: when, lastTransitionTime: when },
            { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: when, lastTransitionTime: when },
          ];
        }
        j.status = status;
      });
    })().finally(() => running.delete(podKey(ns, name)));
    running.set(podKey(ns, name), { abort, done });
  };

  const collectGarbage = (owner: KubeObject): void => {
    const ns = owner.metadata.namespace;
    for (const typeKey of [PODS, CONFIG_MAPS]) {
      for (const o of state.list(typeKey, ns)) {
        const refs = (o.metadata.ownerReferences as Json[] | undefined) ?? [];
        if (refs.some(r => r.uid === owner.metadata.uid)) state.remove(typeKey, o.metadata.namespace, o.metadata.name);
      }
    }
  };

  const onChange = (e: ChangeEvent): void => {
    if (e.typeKey === JOBS && e.type === 'ADDED') setImmediate(() => onJobAdded(e.object));
    else if (e.typeKey === JOBS && e.type === 'DELETED') setImmediate(() => collectGarbage(e.object));
    else if (e.typeKey === PODS && e.type === 'DELETED') {
      const key = podKey(e.object.metadata.namespace!, e.object.metadata.name);
      running.get(key)?.abort.abort();
      const l = logs.get(key);
      if (l && !l.ended) endLog(l);
    }
  };
  state.events.on('change', onChange);

  k8s.addRoutes([{ method: 'GET', path: '/api/v1/namespaces/:namespace/pods/:name/log', handler: ctx => podLogRoute(ctx) }]);

  const podLogRoute = (ctx: RouteContext<User>): void => {
    const ns = ctx.params.namespace!;
    const name = ctx.params.name!;
    authorize(ctx.principal, 'get', { group: '', resource: 'pods/log' }, ns, name);
    const pod = state.get(PODS, ns, name);
    if (!pod) throw new StatusError(notFound({ group: '', resource: 'pods' }, name));
    const containers = ((pod.spec as Json).containers as Json[]).map(c => c.name as string);
    const container = ctx.query.get('container') ?? (containers.length === 1 ? containers[0] : undefined);
    if (!container) throw new StatusError(badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`));
    if (!containers.includes(container)) throw new StatusError(badRequest(`container ${container} is not valid for pod ${name}`));
    const waiting = ((pod.status as Json).containerStatuses as Json[] | undefined)?.[0]?.state as Json | undefined;
    const l = logs.get(podKey(ns, name));
    if (!l && waiting && 'waiting' in waiting) {
      const reason = (waiting.waiting as Json).reason as string;
      throw new StatusError(badRequest(`container "${container}" in pod "${name}" is waiting to start: ${reason}`));
    }
    const since = ctx.query.get('sinceTime');
    const withTs = ctx.query.get('timestamps') === 'true';
    const follow = ctx.query.get('follow') === 'true';
    const sinceKey = since ? since.replace(/Z$/, '') : '';
    const res = ctx.res;
    res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    let live = 0;
    const cut = double.cutFollowAfterLines;
    const write = (line: { ts: string; text: string }): void => {
      if (sinceKey && line.ts.slice(0, 19) < sinceKey.slice(0, 19)) return;
      res.write(`${withTs ? `${line.ts} ` : ''}${line.text}\n`);
    };
    for (const line of l?.lines ?? []) write(line);
    if (!follow || !l || l.ended) return void res.end();
    // Lines that arrive while following; with `cutFollowAfterLines` the stream closes early after that many.
    const onLine = (line: { ts: string; text: string }): void => {
      write(line);
      if (cut > 0 && ++live >= cut) finish();
    };
    const finish = (): void => {
      l.events.off('line', onLine);
      l.events.off('end', finish);
      if (!res.writableEnded) res.end();
    };
    l.events.on('line', onLine);
    l.events.once('end', finish);
    res.once('close', finish);
  };

  return double;
}
