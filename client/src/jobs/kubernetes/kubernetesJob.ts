/**
 * The Kubernetes target: creates the Job of jobSpec.ts (and its code ConfigMap, owned by the Job so Kubernetes
 * removes it with the Job), follows the pod (waiting reasons such as ErrImagePull or CreateContainerConfigError are
 * reported), streams the container's log, and reports the Job's end with the container's exit code. Cancel deletes
 * the Job with `propagationPolicy: Background` (its pod goes with it).
 *
 * Part of the lazily loaded Kubernetes bundle (re-exported by ../../backends/kubernetes/index.ts): it is the only
 * job module that loads `@kubernetes/client-node`.
 */
import { SecretsApi, MERGE_PATCH, type CallContext } from '../../backends/kubernetes/api';
import type { KubernetesBackend } from '../../backends/kubernetes/backend';
import { sdk, type K8s } from '../../backends/kubernetes/sdk';
import { realSleep, type Attempt, type Sleep } from '../../backends/common/retry';
import { fail, ok, silentLogger, type Logger, type Result } from '../../backends/types';
import { formatDuration, type JobOutcome, type JobSink, type RunningJob } from '../types';
import type { ConfigMapObject, JobObject } from './jobSpec';
import { PodLogFollower } from './podLogs';

export interface KubernetesJobOptions {
  backend: KubernetesBackend;
  job: JobObject;
  configMap?: ConfigMapObject;
  /** MLRun run uid (for messages). */
  uid: string;
  /** Values the Job spec carries (by-value providers), redacted from any server text. */
  values?: readonly string[];
  sink: JobSink;
  logger?: Logger;
  pollIntervalMs?: number;
  sleep?: Sleep;
  timeoutMs?: number;
}

function unwrap<T>(a: Attempt<T>): Result<T> {
  return a.ok ? a : { ok: false, error: a.error.failure };
}

interface PodView {
  name: string;
  phase: string;
  waiting?: string;
  exitCode?: number;
  terminatedReason?: string;
}

function podView(pod: K8s.V1Pod): PodView {
  const status = pod.status?.containerStatuses?.find(c => c.name === 'base') ?? pod.status?.containerStatuses?.[0];
  const view: PodView = { name: pod.metadata?.name ?? '?', phase: pod.status?.phase ?? 'Pending' };
  const waiting = status?.state?.waiting;
  if (waiting?.reason && waiting.reason !== 'ContainerCreating') view.waiting = `${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}`;
  const term = status?.state?.terminated;
  if (term) {
    view.exitCode = term.exitCode;
    if (term.reason) view.terminatedReason = term.reason;
  }
  return view;
}

export async function startKubernetesJob(o: KubernetesJobOptions): Promise<Result<RunningJob>> {
  const logger = o.logger ?? silentLogger;
  const sleep = o.sleep ?? realSleep;
  const conn = await o.backend.connect();
  if (!conn.ok) return conn;
  const { kc, info } = conn.value;
  const ns = o.job.metadata.namespace;
  const name = o.job.metadata.name;
  const api = new SecretsApi(kc, ns, { server: info.server, context: info.context }, logger, o.timeoutMs ?? 30_000);
  const batch = kc.makeApiClient(sdk().BatchV1Api);
  const ctx = (action: string, extra: Partial<CallContext> = {}): CallContext => ({ action, values: o.values, ...extra });

  if (o.configMap) {
    const cm = await api.call(ctx(`creating ConfigMap "${o.configMap.metadata.name}"`), opt =>
      api.core.createNamespacedConfigMap({ namespace: ns, body: o.configMap as K8s.V1ConfigMap }, opt));
    if (!cm.ok) return unwrap(cm);
  }
  const created = await api.call(ctx(`creating Job "${name}"`), opt => batch.createNamespacedJob({ namespace: ns, body: o.job as K8s.V1Job }, opt));
  if (!created.ok) {
    if (o.configMap) {
      await api.call(ctx(`deleting ConfigMap "${o.configMap.metadata.name}"`), opt => api.core.deleteNamespacedConfigMap({ name: o.configMap!.metadata.name, namespace: ns }, opt));
    }
    return unwrap(created);
  }
  const jobUid = created.value.metadata?.uid;
  if (o.configMap && jobUid) {
    const owner = { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid: jobUid, blockOwnerDeletion: false }] };
    const patched = await api.call(ctx(`linking ConfigMap "${o.configMap.metadata.name}" to the Job`, { headers: { 'Content-Type': MERGE_PATCH } }), opt =>
      api.core.patchNamespacedConfigMap({ name: o.configMap!.metadata.name, namespace: ns, body: { metadata: owner } }, opt));
    if (!patched.ok) logger.warn(`Kubernetes job ${name}: the code ConfigMap could not be linked to the Job: ${patched.error.failure.message}`);
  }
  const started = Date.now();
  o.sink.info(`Created Job ${ns}/${name} (context "${info.context}", image ${o.job.spec.template.spec.containers[0]!.image}); waiting for its pod.`);
  logger.info(`Kubernetes job ${name} (run ${o.uid}) created in namespace ${ns}`);

  const stop = new AbortController();
  let cancelled = false;
  let detached = false;
  const interval = o.pollIntervalMs ?? 1000;
  const follower = new PodLogFollower(kc, ns, 'base', o.sink, logger);

  const watch = async (): Promise<JobOutcome> => {
    let lastWaiting = '';
    let lastPhase = '';
    let failures = 0;
    for (;;) {
      if (cancelled || detached) break;
      const jobR = await api.call(ctx(`reading Job "${name}"`, { signal: stop.signal }), opt => batch.readNamespacedJob({ name, namespace: ns }, opt));
      if (!jobR.ok) {
        if (cancelled || detached) break;
        if (jobR.error.failure.status === 404) return end('aborted', undefined, `Job ${name} was deleted by someone else after ${formatDuration(Date.now() - started)}.`);
        if (++failures >= 5) return end('unknown', undefined, `Lost track of Job ${name}: ${jobR.error.failure.message}`);
        await sleep(interval, stop.signal);
        continue;
      }
      failures = 0;
      const job = jobR.value;
      const pods = await api.call(ctx(`listing the pods of Job "${name}"`, { signal: stop.signal }), opt =>
        api.core.listNamespacedPod({ namespace: ns, labelSelector: `job-name=${name}` }, opt));
      const pod = pods.ok ? pods.value.items.map(podView).sort((a, b) => a.name.localeCompare(b.name)).pop() : undefined;
      if (pod) {
        if (pod.phase !== lastPhase) {
          o.sink.info(`Pod ${pod.name}: ${pod.phase}.`);
          lastPhase = pod.phase;
        }
        if (pod.waiting && pod.waiting !== lastWaiting) o.sink.info(`Pod ${pod.name} is waiting: ${pod.waiting}`);
        lastWaiting = pod.waiting ?? '';
        if (pod.phase !== 'Pending' || pod.exitCode !== undefined) follower.follow(pod.name);
      }
      const conditions = job.status?.conditions ?? [];
      const complete = (job.status?.succeeded ?? 0) > 0 || conditions.some(c => c.type === 'Complete' && c.status === 'True');
      const failed = (job.status?.failed ?? 0) > 0 || conditions.some(c => c.type === 'Failed' && c.status === 'True');
      if (complete || failed) {
        if (pod) follower.follow(pod.name);
        await follower.drain(10_000);
        const finalPods = await api.call(ctx(`reading the pod of Job "${name}"`), opt => api.core.listNamespacedPod({ namespace: ns, labelSelector: `job-name=${name}` }, opt));
        const last = finalPods.ok ? finalPods.value.items.map(podView).sort((a, b) => a.name.localeCompare(b.name)).pop() : pod;
        const took = formatDuration(Date.now() - started);
        if (complete) return end('completed', last?.exitCode ?? 0, `Job ${name} completed in ${took}${last?.exitCode !== undefined ? ` (exit code ${last.exitCode})` : ''}.`);
        const why = conditions.find(c => c.type === 'Failed')?.message ?? last?.terminatedReason;
        return end('error', last?.exitCode, `Job ${name} failed after ${took}${last?.exitCode !== undefined ? ` (exit code ${last.exitCode})` : ''}${why ? `: ${why}` : ''}.`);
      }
      await sleep(interval, stop.signal);
    }
    follower.stop();
    const took = formatDuration(Date.now() - started);
    if (cancelled) return end('aborted', undefined, `Job ${name} was cancelled (deleted) after ${took}.`);
    return end('running', undefined, `Stopped following Job ${ns}/${name}; it keeps running in the cluster.`);
  };

  function end(state: JobOutcome['state'], exitCode: number | undefined, message: string): JobOutcome {
    follower.stop();
    logger.info(`Kubernetes job ${name} ended: ${state}`);
    const outcome: JobOutcome = { state, durationMs: Date.now() - started, uid: o.uid, message };
    if (exitCode !== undefined) outcome.exitCode = exitCode;
    return outcome;
  }

  const done = watch();
  return ok({
    description: `${o.job.metadata.annotations['mlrun-secrets.io/handler'] ?? name} · Kubernetes Job ${ns}/${name}`,
    uid: o.uid,
    async cancel(): Promise<Result<void>> {
      const r = await api.call(ctx(`deleting Job "${name}"`), opt =>
        batch.deleteNamespacedJob({ name, namespace: ns, propagationPolicy: 'Background' }, opt));
      if (!r.ok && r.error.failure.status !== 404) return fail(r.error.failure.kind, r.error.failure.message);
      cancelled = true;
      stop.abort();
      o.sink.info(`Deleted Job ${ns}/${name}.`);
      await done;
      return ok(undefined);
    },
    detach() {
      detached = true;
      stop.abort();
    },
    done,
  });
}
