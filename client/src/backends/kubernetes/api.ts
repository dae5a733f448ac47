/**
 * The Secret calls the backend makes through `@kubernetes/client-node`'s CoreV1Api, each with: the caller's
 * AbortSignal plus a timeout, one log line (method, path, status, time — never bodies or headers), an optional
 * `Accept` for metadata-only lists (so listing projects never downloads other Secrets' values), and the patch
 * content type. Secret data travels as we wrote it and as the server sent it: the SDK's (de)serializer copies maps into
 * plain objects, which drops a key named `__proto__` (valid in Kubernetes), so bodies are sent as our own JSON and a
 * response's `data` is read from the raw JSON into a null-prototype record. The credentials of the kubeconfig user
 * and the headers each request carries are fed to the redactor.
 */
import { parseJson } from '../../../../shared/src/records';
import { requestSignal } from '../common/abort';
import { headerSecrets, inFlight } from '../common/redact';
import type { Attempt } from '../common/retry';
import type { Logger } from '../types';
import { kubeFailure } from './errors';
import { sdk, type K8s } from './sdk';

export const MERGE_PATCH = 'application/merge-patch+json';
export const METADATA_LIST_ACCEPT = 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json';

export interface CallContext {
  action: string;
  signal?: AbortSignal;
  values?: readonly string[];
  headers?: Record<string, string>;
  /** The request body exactly as JSON (instead of the SDK's serialization, which drops a `__proto__` key). */
  body?: unknown;
}

/** Secrets of the kubeconfig user: token, password (and user:password), client key, auth-provider tokens. */
function userSecrets(kc: K8s.KubeConfig): string[] {
  const u = kc.getCurrentUser();
  if (!u) return [];
  const out = [u.token, u.password, u.username && u.password ? `${u.username}:${u.password}` : undefined];
  if (u.keyData) out.push(u.keyData, Buffer.from(u.keyData, 'base64').toString('utf8'));
  const config = (u.authProvider as { config?: Record<string, unknown> } | undefined)?.config ?? {};
  for (const [k, v] of Object.entries(config)) if (typeof v === 'string' && /token|secret|password|key/i.test(k)) out.push(v);
  return out.filter((s): s is string => !!s);
}

/** A response's `data`, read from its raw JSON (own keys only), or undefined. */
function rawData(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  try {
    const data = (parseJson(text) as { data?: unknown } | null)?.data;
    return data && typeof data === 'object' && !Array.isArray(data) ? data as Record<string, string> : undefined;
  } catch {
    return undefined;
  }
}

export class SecretsApi {
  readonly core: K8s.CoreV1Api;

  constructor(
    kc: K8s.KubeConfig,
    readonly namespace: string,
    private readonly info: { server: string; context: string },
    private readonly logger: Logger,
    private readonly timeoutMs: number,
  ) {
    this.core = kc.makeApiClient(sdk().CoreV1Api);
    this.credentials = userSecrets(kc);
    inFlight.remember(this.credentials);
  }

  /** The kubeconfig user's secrets plus those seen in request headers (an exec plugin's token). */
  private readonly credentials: string[];

  /** Runs one client-node call with signal, logging and error mapping. */
  async call<T>(ctx: CallContext, fn: (options: K8s.ConfigurationOptions) => Promise<T>): Promise<Attempt<T>> {
    const { Observable, ResponseContext } = sdk();
    const rs = requestSignal(ctx.signal, this.timeoutMs);
    const started = Date.now();
    let line = '';
    let text: string | undefined;
    const sent: string[] = [];
    const release = inFlight.hold(ctx.values ?? []);
    const middleware = {
      pre: (req: K8s.RequestContext) => {
        req.setSignal(rs.signal);
        for (const [k, v] of Object.entries(ctx.headers ?? {})) req.setHeaderParam(k, v);
        if (ctx.body !== undefined) req.setBody(JSON.stringify(ctx.body));
        sent.push(...headerSecrets(req.getHeaders()));
        inFlight.remember(sent);
        const url = new URL(req.getUrl());
        line = `${req.getHttpMethod()} ${url.pathname}${url.search}`;
        return new Observable(Promise.resolve(req));
      },
      post: (res: K8s.ResponseContext) => {
        this.logger.trace(`Kubernetes ${line} → ${res.httpStatusCode} (${Date.now() - started} ms)`);
        // Read the body once and hand the SDK a copy, so the raw JSON stays available.
        const read = res.body.text().then(t => {
          text = t;
          return new ResponseContext(res.httpStatusCode, res.headers, { text: async () => t, binary: async () => Buffer.from(t, 'utf8') });
        });
        return new Observable(read);
      },
    };
    try {
      const value = await fn({ middleware: [middleware], middlewareMergeStrategy: 'append' } as K8s.ConfigurationOptions);
      const data = rawData(text);
      if (data && value && typeof value === 'object' && 'data' in value) (value as { data?: unknown }).data = data;
      return { ok: true, value };
    } catch (error) {
      const failure = kubeFailure(error, {
        server: this.info.server,
        context: this.info.context,
        namespace: this.namespace,
        action: ctx.action,
        values: [...(ctx.values ?? []), ...this.credentials, ...sent],
        timeoutMs: this.timeoutMs,
        timedOut: rs.timedOut(),
        cancelled: rs.cancelled(),
      });
      if (typeof (error as { code?: unknown }).code !== 'number') {
        this.logger.warn(`Kubernetes ${line || ctx.action} failed after ${Date.now() - started} ms: ${failure.failure.kind}`);
      }
      return { ok: false, error: failure };
    } finally {
      rs.dispose();
      release();
    }
  }

  read(name: string, ctx: CallContext): Promise<Attempt<K8s.V1Secret>> {
    return this.call(ctx, o => this.core.readNamespacedSecret({ name, namespace: this.namespace }, o));
  }

  /** One page of Secret metadata (values are never transferred). */
  listMetadata(ctx: CallContext, cont?: string): Promise<Attempt<K8s.V1SecretList>> {
    const c = { ...ctx, headers: { ...ctx.headers, Accept: METADATA_LIST_ACCEPT } };
    return this.call(c, o => this.core.listNamespacedSecret({ namespace: this.namespace, limit: 500, ...(cont ? { _continue: cont } : {}) }, o));
  }

  create(secret: K8s.V1Secret, ctx: CallContext): Promise<Attempt<K8s.V1Secret>> {
    return this.call({ ...ctx, body: secret }, o => this.core.createNamespacedSecret({ namespace: this.namespace, body: secret }, o));
  }

  mergePatch(name: string, patch: object, ctx: CallContext): Promise<Attempt<K8s.V1Secret>> {
    const c = { ...ctx, body: patch, headers: { ...ctx.headers, 'Content-Type': MERGE_PATCH } };
    return this.call(c, o => this.core.patchNamespacedSecret({ name, namespace: this.namespace, body: patch }, o));
  }

  namespaces(ctx: CallContext): Promise<Attempt<K8s.V1NamespaceList>> {
    const c = { ...ctx, headers: { ...ctx.headers, Accept: METADATA_LIST_ACCEPT } };
    return this.call(c, o => this.core.listNamespace({}, o));
  }

  /** Deletes the Secret only if it is still at `resourceVersion`. */
  deleteAt(name: string, resourceVersion: string, ctx: CallContext): Promise<Attempt<K8s.V1Status>> {
    return this.call(ctx, o => this.core.deleteNamespacedSecret({ name, namespace: this.namespace, body: { preconditions: { resourceVersion } } }, o));
  }
}
