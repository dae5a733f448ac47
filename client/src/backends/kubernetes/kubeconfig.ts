/**
 * Kubeconfig loading with kubectl's rules and clear errors: the `mlrunSecrets.kubernetes.kubeconfig` path, else
 * every file in `KUBECONFIG` (missing ones skipped, first definition of a name wins), else `~/.kube/config`, else
 * the in-cluster service account (VS Code running in a pod). Relative paths are resolved against the file that
 * names them (certificate-authority, client-certificate, client-key, tokenFile, and an exec command containing a
 * path separator), `tokenFile` is honoured (re-read every minute), and the files named by the selected context are
 * checked up front. Error messages never quote the file's content (it holds credentials).
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { fail, ok, type Result } from '../types';
import { sdk, type K8s } from './sdk';

export interface KubeconfigInputs {
  /** `mlrunSecrets.kubernetes.kubeconfig` (empty: KUBECONFIG, else ~/.kube/config). */
  kubeconfigPath?: string;
  /** `mlrunSecrets.kubernetes.context` (empty: current-context). */
  context?: string;
  env?: Readonly<Record<string, string | undefined>>;
  homeDir?: string;
}

export interface ContextSummary {
  name: string;
  cluster: string;
  user?: string;
  namespace?: string;
  server?: string;
}

export interface KubeconfigSummary {
  files: string[];
  currentContext?: string;
  contexts: ContextSummary[];
}

export interface LoadedKubeconfig {
  kc: K8s.KubeConfig;
  files: string[];
  contextName: string;
  /** The context's namespace, if it names one. */
  contextNamespace?: string;
  server: string;
  inCluster: boolean;
}

type Raw = Record<string, unknown>;

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';
const TOKEN_FILE_PROVIDER = 'mlrun-secrets-token-file';

/** Bearer token from kubeconfig's `tokenFile`, re-read (and trimmed) for every request, as kubectl does. */
const tokenFileAuthenticator = {
  isAuthProvider(user: K8s.User): boolean {
    return (user.authProvider as { name?: string } | undefined)?.name === TOKEN_FILE_PROVIDER;
  },
  async applyAuthentication(user: K8s.User, opts: { headers?: Record<string, unknown> }): Promise<void> {
    const path = (user.authProvider as { config: { path: string } }).config.path;
    const token = readFileSync(path, 'utf8').trim();
    opts.headers ??= {};
    if (token) opts.headers.Authorization = `Bearer ${token}`;
  },
};

function expandHome(p: string, home: string): string {
  if (p === '~') return home;
  return p.startsWith('~/') || p.startsWith('~\\') ? join(home, p.slice(2)) : p;
}

/** The kubeconfig files to read, in precedence order, and where the list came from. */
export function kubeconfigFiles(inputs: KubeconfigInputs): { files: string[]; origin: string } {
  const env = inputs.env ?? process.env;
  const home = inputs.homeDir ?? homedir();
  if (inputs.kubeconfigPath && inputs.kubeconfigPath.trim()) {
    return { files: [resolve(expandHome(inputs.kubeconfigPath.trim(), home))], origin: 'the mlrunSecrets.kubernetes.kubeconfig setting' };
  }
  if (env.KUBECONFIG && env.KUBECONFIG.trim()) {
    return { files: env.KUBECONFIG.split(delimiter).filter(Boolean).map(f => resolve(expandHome(f, home))), origin: 'KUBECONFIG' };
  }
  return { files: [join(home, '.kube', 'config')], origin: 'the default location' };
}

function asList(v: unknown, what: string, file: string): Raw[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new KubeconfigError(`The kubeconfig ${file} is not valid: "${what}" must be a list.`);
  return v.filter((x): x is Raw => typeof x === 'object' && x !== null);
}

class KubeconfigError extends Error {
  constructor(message: string, readonly kind: 'invalid' | 'notFound' = 'invalid') {
    super(message);
  }
}

function absolutise(obj: Raw | undefined, key: 'certificate-authority' | 'client-certificate' | 'client-key' | 'tokenFile', dir: string): void {
  const v = obj?.[key];
  if (typeof v === 'string' && v && !isAbsolute(v)) obj![key] = join(dir, v);
}

/** Reads one file into raw clusters/users/contexts with paths made absolute. */
function readOne(file: string): Raw {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new KubeconfigError(`Cannot read the kubeconfig ${file} (${code ?? (e as Error).message}).`);
  }
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const at = err.linePos?.[0];
    const where = at ? ` at line ${at.line}, column ${at.col}` : '';
    // The pretty message quotes the offending lines (credentials, perhaps): keep only the reason.
    const reason = err.message.split(/ at line \d+/)[0]!.split('\n')[0]!;
    throw new KubeconfigError(`The kubeconfig ${file} is not valid YAML${where}: ${reason}.`);
  }
  const raw = doc.toJS() as unknown;
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new KubeconfigError(`The kubeconfig ${file} is not valid: it is not a YAML mapping.`);
  const config = raw as Raw;
  const dir = dirname(file);
  const clusters = asList(config.clusters, 'clusters', file);
  const users = asList(config.users, 'users', file);
  const contexts = asList(config.contexts, 'contexts', file);
  for (const c of clusters) absolutise(c.cluster as Raw | undefined, 'certificate-authority', dir);
  for (const u of users) {
    const user = u.user as Raw | undefined;
    if (!user || typeof user !== 'object') continue;
    absolutise(user, 'client-certificate', dir);
    absolutise(user, 'client-key', dir);
    absolutise(user, 'tokenFile', dir);
    const exec = user.exec as Raw | undefined;
    const cmd = exec?.command;
    if (typeof cmd === 'string' && /[\\/]/.test(cmd) && !isAbsolute(cmd)) exec!.command = join(dir, cmd);
    if (typeof user.tokenFile === 'string' && !user.token && !user['auth-provider'] && !user.exec) {
      // client-node ignores kubeconfig's tokenFile: read it (trimmed, on every request) like kubectl does.
      user['auth-provider'] = { name: TOKEN_FILE_PROVIDER, config: { path: user.tokenFile } };
    }
  }
  return { clusters, users, contexts, 'current-context': config['current-context'] };
}

function merge(configs: Raw[]): Raw {
  const out: Raw = { clusters: [], users: [], contexts: [] };
  for (const section of ['clusters', 'users', 'contexts'] as const) {
    const seen = new Set<string>();
    for (const c of configs) {
      for (const item of (c[section] as Raw[]) ?? []) {
        const name = typeof item.name === 'string' ? item.name : '';
        if (seen.has(name)) continue;
        seen.add(name);
        (out[section] as Raw[]).push(item);
      }
    }
  }
  out['current-context'] = configs.map(c => c['current-context']).find(c => typeof c === 'string' && c) ?? undefined;
  return out;
}

function inClusterAvailable(env: Readonly<Record<string, string | undefined>>): boolean {
  return !!env.KUBERNETES_SERVICE_HOST && !!env.KUBERNETES_SERVICE_PORT && existsSync(join(SERVICE_ACCOUNT, 'token'));
}

function loadRaw(inputs: KubeconfigInputs): { kc: K8s.KubeConfig; files: string[]; inCluster: boolean } {
  const { KubeConfig } = sdk();
  const env = inputs.env ?? process.env;
  const { files, origin } = kubeconfigFiles(inputs);
  const existing = origin === 'KUBECONFIG' ? files.filter(f => existsSync(f)) : files;
  if (origin !== 'KUBECONFIG' && !existsSync(files[0]!)) {
    if (origin === 'the default location' && inClusterAvailable(env)) {
      const kc = new KubeConfig();
      kc.loadFromCluster();
      return { kc, files: [], inCluster: true };
    }
    throw new KubeconfigError(origin === 'the default location'
      ? `No kubeconfig found at ${files[0]}; set KUBECONFIG or the mlrunSecrets.kubernetes.kubeconfig setting.`
      : `The kubeconfig file ${files[0]} named by ${origin} does not exist.`, 'notFound');
  }
  if (existing.length === 0) throw new KubeconfigError(`None of the kubeconfig files in KUBECONFIG exists (${files.join(delimiter)}).`, 'notFound');
  const merged = merge(existing.map(readOne));
  const kc = new KubeConfig();
  kc.addAuthenticator(tokenFileAuthenticator as unknown as Parameters<K8s.KubeConfig['addAuthenticator']>[0]);
  try {
    kc.loadFromString(JSON.stringify(merged));
  } catch (e) {
    throw new KubeconfigError(`The kubeconfig ${existing.join(delimiter)} is not valid: ${(e as Error).message}.`);
  }
  return { kc, files: existing, inCluster: false };
}

function summarise(kc: K8s.KubeConfig): ContextSummary[] {
  return kc.getContexts().map(c => {
    const s: ContextSummary = { name: c.name, cluster: c.cluster };
    if (c.user) s.user = c.user;
    if (c.namespace) s.namespace = c.namespace;
    const server = kc.getCluster(c.cluster)?.server;
    if (server) s.server = server;
    return s;
  });
}

function readable(path: string, what: string, owner: string): void {
  try {
    accessSync(path, constants.R_OK);
    readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new KubeconfigError(`Cannot read the ${what} file ${path} named by ${owner} in the kubeconfig (${code}).`);
  }
}

function checkFiles(kc: K8s.KubeConfig, contextName: string): void {
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  if (cluster?.caFile) readable(cluster.caFile, 'certificate-authority', `cluster "${cluster.name}"`);
  if (user) {
    const owner = `user "${user.name}"`;
    if (user.certFile) readable(user.certFile, 'client-certificate', owner);
    if (user.keyFile) readable(user.keyFile, 'client-key', owner);
    const provider = user.authProvider as { name?: string; config?: { tokenFile?: string; path?: string } } | undefined;
    const tokenFile = provider?.name === TOKEN_FILE_PROVIDER ? provider.config?.path : provider?.config?.tokenFile;
    if (tokenFile) readable(tokenFile, 'tokenFile', owner);
    const hasCert = !!(user.certFile || user.certData);
    const hasKey = !!(user.keyFile || user.keyData);
    if (hasCert !== hasKey) throw new KubeconfigError(`User "${user.name}" of context "${contextName}" has a client certificate without its key (or a key without its certificate).`);
  }
  if (cluster?.server && !/^https?:\/\//.test(cluster.server)) {
    throw new KubeconfigError(`The server of cluster "${cluster.name}" is not an http(s) URL.`);
  }
  if (cluster?.server?.startsWith('http:') && !cluster.skipTLSVerify) {
    throw new KubeconfigError(`Cluster "${cluster.name}" uses plain http://, which the Kubernetes client refuses unless insecure-skip-tls-verify is set.`);
  }
}

function guard<T>(work: () => T): Result<T> {
  try {
    return ok(work());
  } catch (e) {
    if (e instanceof KubeconfigError) return fail(e.kind, e.message);
    return fail('invalid', `The kubeconfig could not be loaded: ${(e as Error).message}.`);
  }
}

/** Contexts of the kubeconfig (for the context picker). */
export function listKubeContexts(inputs: KubeconfigInputs = {}): Result<KubeconfigSummary> {
  return guard(() => {
    const { kc, files } = loadRaw(inputs);
    const summary: KubeconfigSummary = { files, contexts: summarise(kc) };
    const current = kc.getCurrentContext();
    if (current) summary.currentContext = current;
    return summary;
  });
}

/** Loads the kubeconfig, selects the context and checks the files it names. */
export function loadKubeconfig(inputs: KubeconfigInputs = {}): Result<LoadedKubeconfig> {
  return guard(() => {
    const { kc, files, inCluster } = loadRaw(inputs);
    const where = files.length ? files.join(delimiter) : 'the in-cluster configuration';
    const wanted = inputs.context?.trim() || kc.getCurrentContext();
    if (!wanted) {
      throw new KubeconfigError(`The kubeconfig ${where} has no current-context; pick a context with "MLRun Secrets: Select Kubernetes Context…".`);
    }
    const context = kc.getContextObject(wanted);
    if (!context) {
      const names = kc.getContexts().map(c => c.name);
      throw new KubeconfigError(`Context "${wanted}" is not in the kubeconfig ${where}${names.length ? ` (it has: ${names.join(', ')})` : ' (it has no contexts)'}.`, 'notFound');
    }
    kc.setCurrentContext(wanted);
    const cluster = kc.getCluster(context.cluster);
    if (!cluster) throw new KubeconfigError(`Context "${wanted}" refers to cluster "${context.cluster}", which is not in the kubeconfig ${where}.`);
    if (context.user && !kc.getUser(context.user)) {
      throw new KubeconfigError(`Context "${wanted}" refers to user "${context.user}", which is not in the kubeconfig ${where}.`);
    }
    checkFiles(kc, wanted);
    const loaded: LoadedKubeconfig = { kc, files, contextName: wanted, server: cluster.server, inCluster };
    if (context.namespace) loaded.contextNamespace = context.namespace;
    return loaded;
  });
}

/** The namespace the selected context names, if any (for the namespace picker's default). */
export function kubeContextNamespace(inputs: KubeconfigInputs = {}): Result<string | undefined> {
  const r = loadKubeconfig(inputs);
  return r.ok ? ok(r.value.contextNamespace) : r;
}
