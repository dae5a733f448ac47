/**
 * MLRun API double (never shipped; loopback only). Serves MLRun's project-secret endpoints with MLRun's status
 * codes and bodies, its auth modes, `client-spec` and projects, and stores project Secrets the way MLRun does —
 * into a Kubernetes state that the Kubernetes double can share, so a secret set through one backend is visible
 * through the other.
 *
 *   const k8s = await startKubernetesDouble();
 *   const mlrun = await startMlrunDouble({ kube: k8s.state, auth: { mode: 'bearer', token: 't' }, projects: ['demo'] });
 *   mlrun.url                                  // http://127.0.0.1:PORT (the MLRUN_DBPATH); `tls: true` for HTTPS
 *   mlrun.state.seedSecret('demo', { 'mlrun.internal': 'x' });
 *   mlrun.faults.next(1, { kind: 'reset' }, { path: /secrets/ });
 *
 * ## Extending it (routing)
 * All routes are in one table (`mlrun.router`, see ../router.ts). Each route exists under both `/api/v1/...` and
 * the legacy `/api/...` prefix, as MLRun mounts them. Add endpoints (submit_job, functions, runs, logs, abort) in
 * their own files with a `register*(router, state, prefix)` function and call it through
 * `mlrun.addRoutes(prefix => [{ method: 'POST', path: `${prefix}/submit_job`, handler }])` — or
 * `mlrun.addRoutes(...)` for each prefix given. Handlers get `ctx.principal` (the authenticated user), throw
 * `raise(status, 'MLRunXxxError', message)` from ./errors for MLRun-shaped errors (`{"detail": "<repr>"}`), and
 * use `requireProject(state, name)` from ./secrets for MLRun's 404 on a missing project.
 */
import { Faults } from '../faults';
import type { KubeState } from '../kubernetes/state';
import { Router, startDoubleServer, type RequestRecord, type Route } from '../router';
import { sharedTestTls, type TestTls } from '../tls';
import { authenticate, type MlrunPrincipal } from './auth';
import { bodyForStatus, detail, MLRUN_ERROR_BY_STATUS, MlrunHttpError } from './errors';
import { registerProjectRoutes } from './projects';
import { registerSecretRoutes } from './secrets';
import { MlrunState, type MlrunAuthConfig } from './state';

export const API_PREFIXES = ['/api/v1', '/api'] as const;

export interface MlrunDoubleOptions {
  /** Kubernetes state to store project Secrets in (share the Kubernetes double's `state`). */
  kube?: KubeState;
  auth?: MlrunAuthConfig;
  projects?: string[];
  /** `config.namespace` (default `mlrun`). */
  namespace?: string;
  projectSecretNameTemplate?: string;
  /** Serve HTTPS with the shared test CA (or the given PKI). */
  tls?: boolean | TestTls;
  host?: string;
  port?: number;
  version?: string;
}

export interface MlrunDouble {
  /** Base URL, what `MLRUN_DBPATH` holds (no `/api` suffix). */
  url: string;
  /** CA PEM when served over HTTPS. */
  caPem?: string;
  state: MlrunState;
  faults: Faults;
  router: Router<MlrunPrincipal>;
  requests: RequestRecord[];
  /** Adds routes under every API prefix (`/api/v1` and `/api`). */
  addRoutes(routes: (prefix: string) => Route<MlrunPrincipal>[]): void;
  stop(): Promise<void>;
}

export async function startMlrunDouble(options: MlrunDoubleOptions = {}): Promise<MlrunDouble> {
  const state = new MlrunState(options.kube);
  if (options.namespace) state.setNamespace(options.namespace);
  if (options.projectSecretNameTemplate) state.projectSecretNameTemplate = options.projectSecretNameTemplate;
  if (options.auth) state.auth = options.auth;
  if (options.version) state.version = options.version;
  for (const p of options.projects ?? []) state.addProject(p);

  const router = new Router<MlrunPrincipal>();
  for (const prefix of API_PREFIXES) {
    registerProjectRoutes(router, state, prefix);
    registerSecretRoutes(router, state, prefix);
  }
  const faults = new Faults(bodyForStatus, {
    // The values of a `{"provider": ..., "secrets": {...}}` body.
    valuesOf(body) {
      try {
        const o = JSON.parse(body.toString('utf8')) as { secrets?: Record<string, unknown> };
        return Object.values(o.secrets ?? {}).filter((v): v is string => typeof v === 'string');
      } catch {
        return [];
      }
    },
    // MLRun's two shapes: the repr of the exception, and log_and_raise's reason.
    errorBody: (status, message) => (status % 2 === 0
      ? detail(MLRUN_ERROR_BY_STATUS[status] ?? 'MLRunHTTPError', message)
      : { detail: { reason: message } }),
  });
  const pki = options.tls === true ? sharedTestTls() : options.tls || undefined;
  const server = await startDoubleServer<MlrunPrincipal>({
    router,
    faults,
    host: options.host,
    port: options.port,
    tls: pki ? { certPem: pki.server.certPem, keyPem: pki.server.keyPem } : undefined,
    authenticate(ctx) {
      try {
        return authenticate(state, ctx);
      } catch (e) {
        if (e instanceof MlrunHttpError) {
          ctx.send(e.status, e.body);
          return undefined;
        }
        throw e;
      }
    },
    notFound: ctx => ctx.send(404, { detail: 'Not Found' }),
    methodNotAllowed: ctx => ctx.send(405, { detail: 'Method Not Allowed' }),
    internalError(ctx, error) {
      if (error instanceof MlrunHttpError) ctx.send(error.status, error.body);
      else ctx.send(500, detail(error instanceof Error ? error.constructor.name : 'Exception', String((error as Error)?.message ?? error)));
    },
  });
  return {
    url: server.url,
    caPem: pki?.caPem,
    state,
    faults,
    router,
    requests: server.requests,
    addRoutes(routes) {
      for (const prefix of API_PREFIXES) router.addRoutes(routes(prefix));
    },
    stop: () => server.stop(),
  };
}
