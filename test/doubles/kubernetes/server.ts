/**
 * Kubernetes API double (never shipped; loopback only): HTTPS with a generated CA, bearer-token / basic /
 * client-certificate auth, discovery, core/v1 Secrets and Namespaces, `Status` errors, real 409s, watches and fault
 * injection. The real `kubectl` and `@kubernetes/client-node` work against it.
 *
 *   const k8s = await startKubernetesDouble();
 *   k8s.kubeconfigPath                       // token auth, CA inline, context "double"
 *   k8s.writeKubeconfig({ auth: 'exec', namespace: 'mlrun' })
 *   k8s.state.putSecret('mlrun', 'mlrun-project-secrets-demo', { A: '1' });   // direct state access
 *   k8s.faults.next(2, { kind: 'status', status: 500 }, { method: 'PATCH' });
 *   await k8s.stop();
 *
 * ## Extending it (routing)
 * Routes live in one table (`k8s.router`, see ../router.ts: `METHOD /path/:param`, static segments win).
 *   - A new resource type gets list/get/create/replace/patch/delete/watch, discovery and Table output from
 *     `k8s.registerResource({ group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', namespaced: true,
 *     prepare(obj, old) { ...validate/default; throw new StatusError(invalid(...)) }, returnDeletedObject: true })`.
 *   - A subresource or anything custom: `k8s.addSubresource({ group: '', version: 'v1', name: 'pods/log',
 *     kind: 'Pod', namespaced: true, verbs: ['get'] })` for discovery, plus
 *     `k8s.addRoutes([{ method: 'GET', path: '/api/v1/namespaces/:namespace/pods/:name/log', handler }])`.
 *     Handlers get `ctx.principal` (the authenticated `User`; call `authorize(...)` from ./auth), may throw
 *     `StatusError`, and should `await interleave()` between a read and a write of shared state.
 *   - Objects of any type: `k8s.state.get/list/insert/replace/remove(typeKeyOf(group, version, resource), ...)`;
 *     `k8s.state.events` emits every change (for controllers that, e.g., run a Job's Pod).
 * Put each new resource in its own file under this folder and register it from the caller or a small `with*.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Faults } from '../faults';
import { Router, startDoubleServer, type DoubleServer, type RequestRecord, type Route } from '../router';
import { sharedTestTls, type KeyPairPem, type TestTls } from '../tls';
import { authenticateRequest, sendUnauthorized } from './auth';
import { registerDiscovery, type DiscoveryRegistry, type Subresource } from './discovery';
import { writeKubeconfig, type KubeconfigOptions } from './kubeconfig';
import { registerResource, type ResourceType } from './resources';
import { NAMESPACE_TYPE, SECRET_TYPE } from './secrets';
import { KubeState, type User } from './state';
import { internalError, methodNotAllowed, pathNotFound, statusForCode, StatusError } from './status';

export interface KubernetesDoubleOptions {
  /** '127.0.0.1' (default) or '::1'. */
  host?: string;
  port?: number;
  /** Namespaces that exist at start (default: default, kube-system, mlrun). */
  namespaces?: string[];
  /** Share state with another double (the MLRun double writes Secrets here). */
  state?: KubeState;
  tls?: TestTls;
  /** Token of the cluster-admin user in the default kubeconfig. */
  adminToken?: string;
}

export interface KubernetesDouble {
  url: string;
  /** PEM of the CA that signed the server certificate. */
  caPem: string;
  adminToken: string;
  state: KubeState;
  faults: Faults;
  router: Router<User>;
  /** Every request: method, URL, status, headers (never bodies). */
  requests: RequestRecord[];
  /** A kubeconfig with the admin token, the CA inline and context `double` (no namespace). */
  kubeconfigPath: string;
  /** Directory of generated files (kubeconfigs, CA/cert/key files, exec plugin); removed by `stop()`. */
  dir: string;
  writeKubeconfig(options?: KubeconfigOptions): string;
  registerResource(type: ResourceType): void;
  addSubresource(sub: Subresource): void;
  addRoutes(routes: Route<User>[]): void;
  issueClientCertificate(commonName: string, groups?: string[]): KeyPairPem;
  stop(): Promise<void>;
}

export const DEFAULT_ADMIN_TOKEN = 'double-admin-token';

export async function startKubernetesDouble(options: KubernetesDoubleOptions = {}): Promise<KubernetesDouble> {
  const tls = options.tls ?? sharedTestTls();
  const state = options.state ?? new KubeState();
  const adminToken = options.adminToken ?? DEFAULT_ADMIN_TOKEN;
  state.addToken(adminToken, { name: 'double-admin', groups: ['system:masters'] });
  for (const ns of options.namespaces ?? ['default', 'kube-system', 'mlrun']) state.addNamespace(ns);

  const router = new Router<User>();
  const faults = new Faults(statusForCode, {
    // A Secret's values (data is base64, stringData plain) in a create, replace or patch body.
    valuesOf(body) {
      const values: string[] = [];
      try {
        const o = JSON.parse(body.toString('utf8')) as { data?: Record<string, unknown>; stringData?: Record<string, unknown> };
        for (const v of Object.values(o.data ?? {})) if (typeof v === 'string') values.push(Buffer.from(v, 'base64').toString('utf8'));
        for (const v of Object.values(o.stringData ?? {})) if (typeof v === 'string') values.push(v);
      } catch {
        // not JSON: nothing to echo but the credentials
      }
      return values;
    },
    errorBody: (status, message) => ({ ...statusForCode(status), message }),
  });
  const registry: DiscoveryRegistry = { types: [], subresources: [] };
  const address = { host: '127.0.0.1', port: 0 };
  registerDiscovery(router, registry, () => `${address.host}:${address.port}`);
  const register = (t: ResourceType): void => {
    registry.types.push(t);
    registerResource(router, state, t);
  };
  register(NAMESPACE_TYPE);
  register(SECRET_TYPE);

  const server: DoubleServer = await startDoubleServer<User>({
    router,
    faults,
    host: options.host,
    port: options.port,
    tls: { certPem: tls.server.certPem, keyPem: tls.server.keyPem, caPem: tls.caPem, requestCert: true },
    authenticate(ctx) {
      const user = authenticateRequest(state, ctx);
      if (!user) sendUnauthorized(ctx);
      return user;
    },
    notFound: ctx => ctx.send(404, pathNotFound()),
    methodNotAllowed: ctx => ctx.send(405, methodNotAllowed()),
    internalError(ctx, error) {
      if (error instanceof StatusError) ctx.send(error.status.code, error.status);
      else ctx.send(500, internalError(error instanceof Error ? error.message : String(error)));
    },
  });

  address.host = server.host;
  address.port = server.port;
  const dir = mkdtempSync(join(tmpdir(), 'k8s-double-'));
  const target = {
    url: server.url,
    caPem: tls.caPem,
    adminToken,
    state,
    dir,
    issueClientCertificate: (cn: string, groups?: string[]) => tls.ca.issue({ commonName: cn, organizations: groups, client: true }),
  };
  const kubeconfigPath = writeKubeconfig(target, { fileName: 'kubeconfig.yaml' });
  return {
    url: server.url,
    caPem: tls.caPem,
    adminToken,
    state,
    faults,
    router,
    requests: server.requests,
    kubeconfigPath,
    dir,
    writeKubeconfig: (o?: KubeconfigOptions) => writeKubeconfig(target, o),
    registerResource: register,
    addSubresource: s => registry.subresources.push(s),
    addRoutes: routes => router.addRoutes(routes),
    issueClientCertificate: target.issueClientCertificate,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
