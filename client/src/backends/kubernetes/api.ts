/**
 * The Secret calls the backend makes through `@kubernetes/client-node`'s CoreV1Api, each with: the caller's
 * AbortSignal plus a timeout, one log line (method, path, status, time — never bodies or headers), an optional
 * `Accept` for metadata-only lists (so listing projects never downloads other Secrets' values), and the patch
 * content type.
 */
import { requestSignal } from '../common/abort';
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
  }

  /** Runs one client-node call with signal, logging and error mapping. */
  async call<T>(ctx: CallContext, fn: (options: K8s.ConfigurationOptions) => Promise<T>): Promise<Attempt<T>> {
    const { Observable } = sdk();
    const rs = requestSignal(ctx.signal, this.timeoutMs);
    const started = Date.now();
    let line = '';
    const middleware = {
      pre: (req: K8s.RequestContext) => {
        req.setSignal(rs.signal);
        for (const [k, v] of Object.entries(ctx.headers ?? {})) req.setHeaderParam(k, v);
        const url = new URL(req.getUrl());
        line = `${req.getHttpMethod()} ${url.pathname}${url.search}`;
        return new Observable(Promise.resolve(req));
      },
      post: (res: K8s.ResponseContext) => {
        this.logger.trace(`Kubernetes ${line} → ${res.httpStatusCode} (${Date.now() - started} ms)`);
        return new Observable(Promise.resolve(res));
      },
    };
    try {
      const value = await fn({ middleware: [middleware], middlewareMergeStrategy: 'append' } as K8s.ConfigurationOptions);
      return { ok: true, value };
    } catch (error) {
      const failure = kubeFailure(error, {
        server: this.info.server,
        context: this.info.context,
        namespace: this.namespace,
        action: ctx.action,
        values: ctx.values,
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
    return this.call(ctx, o => this.core.createNamespacedSecret({ namespace: this.namespace, body: secret }, o));
  }

  mergePatch(name: string, patch: object, ctx: CallContext): Promise<Attempt<K8s.V1Secret>> {
    const c = { ...ctx, headers: { ...ctx.headers, 'Content-Type': MERGE_PATCH } };
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
