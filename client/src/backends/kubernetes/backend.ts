/**
 * MLRun project secrets written directly through the Kubernetes API (docs/mlrun-facts.md §1, §9): one
 * `Opaque` Secret per project named by MLRun's template, no labels or annotations, keys verbatim, values UTF-8 in
 * `data`. Writes touch only the given keys (a JSON merge patch, atomic on the server), so nothing is ever
 * read–modified–replaced; an empty Secret is deleted only while still at the resourceVersion that was seen empty.
 * `mlrun.*` keys are hidden and can be neither set nor deleted.
 */
import { isInternalKey, isMlrunOwnedKey, projectFromSecretName, projectSecretName, PROJECT_SECRET_NAME_TEMPLATE } from '../../../../shared/src/mlrun';
import { nullRecord, ownValue } from '../../../../shared/src/records';
import { retryPolicy, withRetry, type Attempt, type RetryPolicy } from '../common/retry';
import { checkKeys, checkProject, checkValues } from '../common/validate';
import { fail, ok, silentLogger, type DeleteReport, type Failure, type KeyInfo, type Logger, type Result, type SecretBackend, type WriteOutcome } from '../types';
import type { ProxyPolicy } from '../common/proxy';
import { SecretsApi, type CallContext } from './api';
import { applyProxy } from './proxy';
import { loadKubeconfig, type KubeconfigInputs } from './kubeconfig';
import { resolveNamespace, unconfirmedFailure, validateNamespace, type NamespaceConfirmer, type NamespaceSource } from './namespace';
import type { K8s } from './sdk';

export interface KubernetesBackendOptions extends KubeconfigInputs {
  /** `mlrunSecrets.kubernetes.namespace` (empty: MLRun's client-spec namespace, else a confirmed one; namespace.ts). */
  namespace?: string;
  /** The MLRun API's `client-spec` namespace: undefined without an endpoint, "" when it reports none; throws on failure. */
  mlrunNamespace?: () => Promise<string | undefined>;
  /** Asks the user before the first write to a namespace MLRun may not read from (none: such writes fail). */
  confirmer?: NamespaceConfirmer;
  /** `mlrunSecrets.kubernetes.projectSecretName`. */
  projectSecretName?: string;
  /** The extension's proxy policy; a kubeconfig cluster's own `proxy-url` wins (as for kubectl). */
  proxy?: ProxyPolicy;
  logger?: Logger;
  retry?: Partial<RetryPolicy>;
  /** Per request (default 30 s). */
  timeoutMs?: number;
}

export type { NamespaceSource } from './namespace';

export interface KubernetesConnection {
  context: string;
  namespace: string;
  namespaceSource: NamespaceSource;
  /** Set while the namespace is a guess (the context's or `default`): why MLRun's namespace is unknown. */
  namespaceUnconfirmed?: string;
  server: string;
  files: string[];
  inCluster: boolean;
}

interface Connected {
  api: SecretsApi;
  info: KubernetesConnection;
  kc: K8s.KubeConfig;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function failure<T>(f: Failure): Result<T> {
  return { ok: false, error: f };
}

/** The API server's "Too long" (422) for a Secret over 1 MiB, as one sentence; other failures unchanged. */
function tooLarge<T>(r: Attempt<T>, name: string): Attempt<T> {
  if (r.ok || r.error.failure.status !== 422 || !/Too long: must have at most \d+ bytes/.test(r.error.failure.message)) return r;
  const message = `Secret "${name}" would hold more than the 1 MiB (1,048,576 bytes) Kubernetes allows, so nothing was written (${r.error.failure.message.replace(/\.$/, '')}).`;
  return { ok: false, error: { failure: { kind: 'invalid', status: 422, message }, transient: false } };
}

export class KubernetesBackend implements SecretBackend {
  readonly kind = 'kubernetes' as const;
  private connecting?: Promise<Result<Connected>>;
  private connected?: Connected;
  private confirming?: Promise<Result<Connected>>;
  private readonly logger: Logger;
  private readonly policy: RetryPolicy;
  private readonly template: string;

  constructor(private readonly options: KubernetesBackendOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.policy = retryPolicy(options.retry);
    this.template = options.projectSecretName?.trim() || PROJECT_SECRET_NAME_TEMPLATE;
  }

  describe(): string {
    const c = this.connected?.info;
    return c ? `${c.context} / ${c.namespace}` : 'Kubernetes';
  }

  /** Where the backend points, once connected. */
  connection(): KubernetesConnection | undefined {
    return this.connected?.info;
  }

  /** The Secret that holds a project's secrets. */
  secretName(project: string): string {
    return projectSecretName(project, this.template);
  }

  private checkTemplate(): Failure | undefined {
    if (!this.template.includes('{project}')) {
      return { kind: 'invalid', message: `The project Secret name template "${this.template}" (mlrunSecrets.kubernetes.projectSecretName) must contain {project}.` };
    }
    const sample = projectSecretName('project', this.template);
    if (!DNS1123_SUBDOMAIN.test(sample) || sample.length > 253) {
      return { kind: 'invalid', message: `The project Secret name template "${this.template}" does not give valid Kubernetes names (lower-case letters, digits, "-" and ".").` };
    }
    return undefined;
  }

  /** Loads the kubeconfig and resolves the namespace (once; a failure is retried on the next call). */
  connect(): Promise<Result<Connected>> {
    this.connecting ??= this.doConnect().then(r => {
      if (r.ok) this.connected = r.value;
      else this.connecting = undefined;
      return r;
    });
    return this.connecting;
  }

  private async doConnect(): Promise<Result<Connected>> {
    const bad = this.checkTemplate();
    if (bad) return failure(bad);
    const loaded = loadKubeconfig(this.options);
    if (!loaded.ok) return loaded;
    if (this.options.proxy) applyProxy(loaded.value.kc, this.options.proxy, this.logger);
    const ns = await resolveNamespace({ setting: this.options.namespace, mlrunNamespace: this.options.mlrunNamespace, confirmer: this.options.confirmer, logger: this.logger },
      loaded.value.contextName, loaded.value.server, loaded.value.contextNamespace);
    if (!ns.ok) return ns;
    const info: KubernetesConnection = {
      context: loaded.value.contextName,
      namespace: ns.value.namespace,
      namespaceSource: ns.value.source,
      server: loaded.value.server,
      files: loaded.value.files,
      inCluster: loaded.value.inCluster,
    };
    if (ns.value.unconfirmed) info.namespaceUnconfirmed = ns.value.unconfirmed;
    this.logger.info(`Kubernetes: context ${info.context}, namespace ${info.namespace} (from ${info.namespaceSource}${info.namespaceUnconfirmed ? ', not confirmed for writes' : ''}), server ${info.server}`);
    const api = new SecretsApi(loaded.value.kc, info.namespace, { server: info.server, context: info.context }, this.logger, this.options.timeoutMs ?? 30_000);
    return ok({ api, info, kc: loaded.value.kc });
  }

  /**
   * The connection for a write of project Secrets: its namespace must be one MLRun reads from (setting,
   * client-spec, or confirmed by the user). An unconfirmed guess is put to the confirmer once (concurrent writes
   * share the question); a different answer reconnects to that namespace.
   */
  confirmWriteNamespace(): Promise<Result<Connected>> {
    this.confirming ??= this.doConfirm().finally(() => (this.confirming = undefined));
    return this.confirming;
  }

  private async doConfirm(): Promise<Result<Connected>> {
    const conn = await this.connect();
    if (!conn.ok || !conn.value.info.namespaceUnconfirmed) return conn;
    const c = conn.value;
    const why = c.info.namespaceUnconfirmed!;
    if (!this.options.confirmer) return unconfirmedFailure(c.info.namespace, why);
    const chosen = await this.options.confirmer.ask({
      context: c.info.context, server: c.info.server, proposed: c.info.namespace,
      proposedFrom: c.info.namespaceSource === 'context' ? 'context' : 'default', why,
    });
    if (!chosen) return fail('cancelled', `No namespace was confirmed for the project Secrets of context "${c.info.context}"; nothing was written.`);
    const bad = validateNamespace(chosen);
    if (bad) return fail('invalid', `The namespace ${bad}`);
    const info: KubernetesConnection = { ...c.info, namespace: chosen, namespaceSource: 'confirmed' };
    delete info.namespaceUnconfirmed;
    const api = chosen === c.info.namespace ? c.api : new SecretsApi(c.kc, chosen, { server: info.server, context: info.context }, this.logger, this.options.timeoutMs ?? 30_000);
    const next: Connected = { api, info, kc: c.kc };
    this.connected = next;
    this.connecting = Promise.resolve(ok(next));
    this.logger.info(`Kubernetes: namespace ${chosen} confirmed for the project Secrets of context ${info.context}`);
    return ok(next);
  }

  private async run<T>(signal: AbortSignal | undefined, retry: boolean, work: (c: Connected, attempt: number) => Promise<Attempt<T>>): Promise<Result<T>> {
    if (signal?.aborted) return fail('cancelled', 'The operation was cancelled.');
    const conn = await this.connect();
    if (!conn.ok) return conn;
    const policy = retry ? this.policy : { ...this.policy, attempts: 1 };
    return withRetry(policy, signal, n => work(conn.value, n), (n, delay, why) =>
      this.logger.warn(`Kubernetes: attempt ${n} failed (${why.failure.status ?? why.failure.kind}); retrying in ${delay} ms`));
  }

  async listProjects(signal?: AbortSignal): Promise<Result<string[]>> {
    return this.run(signal, true, async c => {
      const names = await this.secretNames(c, signal);
      if (!names.ok) return names;
      const projects = names.value.map(n => projectFromSecretName(n, this.template)).filter((p): p is string => p !== undefined);
      return { ok: true, value: [...new Set(projects)].sort() };
    });
  }

  /** Names of every Secret in the namespace, page by page (metadata only: no value is fetched). */
  private async secretNames(c: Connected, signal: AbortSignal | undefined): Promise<Attempt<string[]>> {
    const names: string[] = [];
    let cont: string | undefined;
    do {
      const page = await c.api.listMetadata({ action: `listing Secrets in namespace "${c.info.namespace}"`, signal }, cont);
      if (!page.ok) return page;
      for (const s of page.value.items ?? []) if (s.metadata?.name) names.push(s.metadata.name);
      cont = page.value.metadata?._continue || undefined;
    } while (cont);
    return { ok: true, value: names };
  }

  /** Reads a Secret; `undefined` when it does not exist. */
  private async readSecret(c: Connected, name: string, ctx: CallContext): Promise<Attempt<K8s.V1Secret | undefined>> {
    const r = await c.api.read(name, ctx);
    if (!r.ok && r.error.failure.status === 404 && r.error.failure.kind === 'notFound') {
      return { ok: true, value: undefined };
    }
    return r;
  }

  async listKeys(project: string, signal?: AbortSignal): Promise<Result<KeyInfo[]>> {
    const bad = checkProject(project);
    if (bad) return failure(bad);
    const name = this.secretName(project);
    return this.run(signal, true, async c => {
      const r = await this.readSecret(c, name, { action: `reading Secret "${name}"`, signal });
      if (!r.ok) return r;
      return { ok: true, value: this.keysOf(r.value ?? { metadata: { name } }, c).keys };
    });
  }

  /**
   * One JSON merge patch (no read first: the API server merges atomically and enforces the 1 MiB limit itself);
   * when the Secret does not exist yet, a create. The answer is the whole Secret: its key names are the outcome.
   */
  async setSecrets(project: string, values: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<Result<void | WriteOutcome>> {
    const bad = checkProject(project) ?? checkValues(values);
    if (bad) return failure(bad);
    if (values.size === 0) return ok(undefined);
    const name = this.secretName(project);
    const data = nullRecord([...values].map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')] as const));
    const secretValues = [...values.values()];
    const keys = [...values.keys()];
    const confirmed = await this.confirmWriteNamespace();
    if (!confirmed.ok) return confirmed;
    const r = await this.run<WriteOutcome>(signal, true, async c => {
      const ctx = { action: `writing Secret "${name}"`, signal, values: secretValues };
      const patched = await c.api.mergePatch(name, { data }, ctx);
      if (patched.ok) return { ok: true, value: this.keysOf(patched.value, c) };
      if (patched.error.failure.status !== 404) return tooLarge(patched, name);
      const created = await c.api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: c.info.namespace }, type: 'Opaque', data }, ctx);
      if (created.ok) return { ok: true, value: this.keysOf(created.value, c) };
      // Someone created it meanwhile: the next attempt merges into theirs.
      if (created.error.failure.status === 409) return { ok: false, error: { ...created.error, transient: true } };
      return tooLarge(created, name);
    });
    if (r.ok) this.logger.info(`Kubernetes: set ${keys.length} key(s) in Secret ${name}: ${keys.join(', ')}`);
    return r;
  }

  /** Key names (never values) of a Secret the API server returned, as `listKeys` gives them. */
  private keysOf(secret: K8s.V1Secret, c: Connected): WriteOutcome {
    const detail = { secret: secret.metadata?.name ?? '', namespace: c.info.namespace };
    const keys = Object.keys(secret.data ?? {}).filter(k => !isInternalKey(k)).sort();
    return { keys: keys.map(k => (isMlrunOwnedKey(k) ? { name: k, mlrunOwned: true, detail } : { name: k, detail })) };
  }

  async deleteSecrets(project: string, keys: readonly string[], signal?: AbortSignal): Promise<Result<DeleteReport>> {
    const bad = checkProject(project) ?? checkKeys(keys);
    if (bad) return failure(bad);
    const name = this.secretName(project);
    const wanted = [...new Set(keys)];
    const confirmed = await this.confirmWriteNamespace();
    if (!confirmed.ok) return confirmed;
    const r = await this.run<DeleteReport>(signal, true, async c => {
      const report: DeleteReport = { deleted: [], notDeleted: [] };
      const current = await this.readSecret(c, name, { action: `reading Secret "${name}"`, signal });
      if (!current.ok) return current;
      const data = current.value?.data ?? {};
      const present = wanted.filter(k => Object.prototype.hasOwnProperty.call(data, k));
      for (const k of wanted) if (!present.includes(k)) report.notDeleted.push({ key: k, reason: current.value ? 'not in the Secret' : `Secret "${name}" does not exist` });
      if (present.length === 0) return { ok: true, value: report };
      const remaining = Object.keys(data).filter(k => !present.includes(k));
      const ctx = { action: `deleting keys from Secret "${name}"`, signal };
      if (remaining.length === 0) {
        const del = await c.api.deleteAt(name, current.value!.metadata!.resourceVersion!, ctx);
        // 409: it changed since we read it (a key was added or removed): read again and decide again.
        if (!del.ok && del.error.failure.status !== 404) return { ok: false, error: { ...del.error, transient: del.error.failure.status === 409 || del.error.transient } };
      } else {
        const patch = nullRecord(present.map(k => [k, null] as const));
        const patched = await c.api.mergePatch(name, { data: patch }, ctx);
        if (!patched.ok && patched.error.failure.status !== 404) return patched;
        if (patched.ok && Object.keys(patched.value.data ?? {}).length === 0 && patched.value.metadata?.resourceVersion) {
          // Others removed the remaining keys meanwhile: remove the now empty Secret (only if still unchanged).
          await c.api.deleteAt(name, patched.value.metadata.resourceVersion, ctx);
        }
      }
      report.deleted.push(...present);
      return { ok: true, value: report };
    });
    if (r.ok && r.value.deleted.length) this.logger.info(`Kubernetes: deleted ${r.value.deleted.length} key(s) from Secret ${name}: ${r.value.deleted.join(', ')}`);
    return r;
  }

  readValues(project: string, keys: readonly string[], signal?: AbortSignal): Promise<Result<Map<string, string>>> {
    const bad = checkProject(project) ?? checkKeys(keys);
    if (bad) return Promise.resolve(failure(bad));
    return this.readSecretValues(this.secretName(project), keys, signal);
  }

  // ---- beyond the SecretBackend interface: pickers, snippets, Azure credential Secret ----

  /** Namespaces the user may list (metadata only); 403 is common and means "type it". */
  async listNamespaces(signal?: AbortSignal): Promise<Result<string[]>> {
    return this.run(signal, true, async c => {
      const r = await c.api.namespaces({ action: 'listing namespaces', signal });
      if (!r.ok) return r;
      return { ok: true, value: (r.value.items ?? []).map(n => n.metadata?.name).filter((n): n is string => !!n).sort() };
    });
  }

  /** Names of every Secret in the namespace (for `set_env_from_secret` / `mount_secret` snippets). */
  async listSecretNames(signal?: AbortSignal): Promise<Result<string[]>> {
    return this.run(signal, true, async c => {
      const names = await this.secretNames(c, signal);
      return names.ok ? { ok: true, value: names.value.sort() } : names;
    });
  }

  /** Key names of any Secret in the namespace (values are not decoded). */
  async listSecretKeys(secretName: string, signal?: AbortSignal): Promise<Result<string[]>> {
    if (!DNS1123_SUBDOMAIN.test(secretName)) return fail('invalid', `"${secretName.slice(0, 80)}" is not a valid Secret name.`);
    return this.run(signal, true, async c => {
      const r = await c.api.read(secretName, { action: `reading Secret "${secretName}"`, signal });
      if (!r.ok) return r;
      return { ok: true, value: Object.keys(r.value.data ?? {}).sort() };
    });
  }

  /** Decodes only the requested keys of a Secret (missing and empty keys are left out, as MLRun does). */
  async readSecretValues(secretName: string, keys: readonly string[], signal?: AbortSignal): Promise<Result<Map<string, string>>> {
    if (!DNS1123_SUBDOMAIN.test(secretName)) return fail('invalid', `"${secretName.slice(0, 80)}" is not a valid Secret name.`);
    return this.run(signal, true, async c => {
      const r = await this.readSecret(c, secretName, { action: `reading Secret "${secretName}"`, signal });
      if (!r.ok) return r;
      const out = new Map<string, string>();
      const data = r.value?.data ?? {};
      for (const k of keys) {
        const b64 = ownValue(data, k);
        if (b64) out.set(k, Buffer.from(b64, 'base64').toString('utf8'));
      }
      this.logger.trace(`Kubernetes: read ${out.size} of ${keys.length} requested key(s) of Secret ${secretName}`);
      return { ok: true, value: out };
    });
  }
}

export function createKubernetesBackend(options: KubernetesBackendOptions = {}): KubernetesBackend {
  return new KubernetesBackend(options);
}

