/**
 * MLRun's `K8sHelper` project-secret logic (docs/mlrun-facts.md §1.2, §1.5, §1.6), run against the
 * Kubernetes double's state exactly the way MLRun talks to the API server: read the Secret, then create it or
 * `replace` the object it read (so the read resourceVersion guards the write), with `store_secrets_with_retry`'s
 * 6 attempts and no sleep. Each step yields to the event loop, so concurrent requests contend for real and, when
 * every attempt loses, the API answers 500 as MLRun does.
 */
import { interleave } from '../router';
import { SECRET_TYPE } from '../kubernetes/secrets';
import { SECRETS, type KubeObject } from '../kubernetes/state';
import { StatusError } from '../kubernetes/status';
import { detail, MlrunHttpError } from './errors';
import type { MlrunState } from './state';

/** What `repr()` of the kubernetes client's `ApiException` gives (it is raised with keyword arguments only). */
const API_EXCEPTION = { detail: 'ApiException()' };

class KubeApiError extends Error {
  constructor(readonly code: number, readonly secretName = '') {
    super(`kubernetes API ${code}`);
  }
}

/** `err_to_str(ConflictError)` as `raise_for_status_code` puts it into `MLRunConflictError` (simplified, see above). */
function conflictDetail(e: KubeApiError, created: boolean): { detail: string } {
  const status = created
    ? { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `secrets "${e.secretName}" already exists`, reason: 'AlreadyExists', details: { name: e.secretName, kind: 'secrets' }, code: 409 }
    : { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `Operation cannot be fulfilled on secrets "${e.secretName}": the object has been modified; please apply your changes to the latest version and try again`, reason: 'Conflict', details: { name: e.secretName, kind: 'secrets' }, code: 409 };
  return detail('MLRunConflictError', `409\nReason: Conflict\nHTTP response body: ${JSON.stringify(status)}`);
}

function encode(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64');
}

function validated(object: KubeObject, old: KubeObject | undefined): KubeObject {
  try {
    return SECRET_TYPE.prepare!(object, old);
  } catch (e) {
    if (e instanceof StatusError) throw new KubeApiError(e.status.code);
    throw e;
  }
}

async function read(state: MlrunState, name: string): Promise<KubeObject | undefined> {
  const s = state.kube.get(SECRETS, state.namespace, name);
  if (state.kubeLatencyMs > 0) await new Promise(r => setTimeout(r, state.kubeLatencyMs));
  else await interleave();
  return s;
}

/** One `store_secrets` attempt: create with exactly these keys, or merge into `data` and replace. */
async function storeOnce(state: MlrunState, name: string, secrets: Record<string, string>): Promise<'created' | 'updated'> {
  const current = await read(state, name);
  if (!current) {
    const data: Record<string, string> = Object.create(null);
    for (const [k, v] of Object.entries(secrets)) data[k] = encode(v);
    const object = validated({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: state.namespace }, type: 'Opaque', data }, undefined);
    if (!state.kube.insert(SECRETS, object)) {
      state.conflicts++;
      throw Object.assign(new KubeApiError(409, name), { created: true });
    }
    return 'created';
  }
  const data: Record<string, string> = Object.assign(Object.create(null), (current.data as Record<string, string> | undefined) ?? {});
  for (const [k, v] of Object.entries(secrets)) data[k] = encode(v);
  const object = validated({ ...current, data }, current);
  if (!state.kube.replace(SECRETS, object, current.metadata.resourceVersion!)) {
    state.conflicts++;
    throw new KubeApiError(state.kube.get(SECRETS, state.namespace, name) ? 409 : 404, name);
  }
  return 'updated';
}

/** `K8sHelper.store_project_secrets` via `store_secrets_with_retry`. Returns the audit action, or undefined. */
export async function storeProjectSecrets(state: MlrunState, project: string, secrets: Record<string, string>): Promise<void> {
  if (Object.keys(secrets).length === 0) return;
  const name = state.projectSecretName(project);
  for (let attempt = 1; ; attempt++) {
    try {
      const action = await storeOnce(state, name, secrets);
      state.events.push({ action, project, secretName: name, keys: Object.keys(secrets) });
      return;
    } catch (e) {
      if (!(e instanceof KubeApiError)) throw e;
      if (attempt < state.storeAttempts) continue;
      if (e.code === 409) throw new MlrunHttpError(409, conflictDetail(e, (e as { created?: boolean }).created === true));
      throw new MlrunHttpError(500, API_EXCEPTION);
    }
  }
}

/**
 * `K8sHelper.delete_secrets`: 404 → nothing; empty data → delete the object; drop the keys; unchanged → nothing;
 * keys left → replace; none left → delete the Secret. No retry (a lost race gives 500).
 */
export async function deleteProjectSecrets(state: MlrunState, project: string, keys: string[] | null): Promise<void> {
  const name = state.projectSecretName(project);
  const current = await read(state, name);
  if (!current) return;
  const data = (current.data as Record<string, string> | undefined) ?? {};
  const before = Object.keys(data).length;
  const deleteObject = (): void => {
    if (!state.kube.remove(SECRETS, state.namespace, name)) throw new MlrunHttpError(500, API_EXCEPTION);
    state.events.push({ action: 'deleted', project, secretName: name, keys: keys ?? [] });
  };
  if (before === 0) return deleteObject();
  const remaining: Record<string, string> = Object.create(null);
  if (keys !== null) for (const [k, v] of Object.entries(data)) if (!keys.includes(k)) remaining[k] = v;
  if (keys !== null && keys.length === 0) Object.assign(remaining, data);
  if (Object.keys(remaining).length === before) return;
  if (Object.keys(remaining).length > 0) {
    if (!state.kube.replace(SECRETS, { ...current, data: remaining }, current.metadata.resourceVersion!)) {
      state.conflicts++;
      throw new MlrunHttpError(500, API_EXCEPTION);
    }
    state.events.push({ action: 'updated', project, secretName: name, keys: keys ?? [] });
    return;
  }
  deleteObject();
}

/** `get_project_secret_keys`: raw key names, `[]` when the Secret is missing or unreadable. */
export async function projectSecretKeys(state: MlrunState, project: string): Promise<string[]> {
  const current = await read(state, state.projectSecretName(project));
  return Object.keys((current?.data as Record<string, string> | undefined) ?? {});
}
