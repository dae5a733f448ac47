/**
 * The backend registry (`Backends`): creates each backend lazily from the current settings and credentials, and
 * again after a relevant setting changes.
 *
 * - Local: VS Code's SecretStorage (`ctx.extension.secrets`).
 * - Kubernetes: `dist/backends/kubernetes.js`, loaded on first use; the namespace defaults to the MLRun API's
 *   `client-spec` namespace when an endpoint is configured.
 * - MLRun API: endpoint from the setting, `MLRUN_DBPATH` or the SDK's env file; credentials from SecretStorage only;
 *   VS Code's `http.proxy` / `http.noProxy` (else the `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` variables Python's
 *   requests would use).
 * - Azure Key Vault: `dist/backends/azure.js`, loaded on first use; the credential Secret is read through the
 *   Kubernetes backend, the Microsoft account comes from `vscode.authentication`.
 *
 * Nothing here contacts a store by itself: callers (tree, commands, status bar) decide when, and only when trusted.
 */
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { BackendKind } from '../../shared/src/protocol';
import { SECTION, type SettingKey } from '../../shared/src/settings';
import { BACKEND_KINDS } from './backendKinds';
import { loadAzureBackend, loadKubernetesBackend } from './backends/load';
import type { KubernetesBackend } from './backends/kubernetes/backend';
import type { NamespaceConfirmer } from './backends/kubernetes/namespace';
import { LocalBackend } from './backends/local/index';
import { StoredCredentials, type CredentialProvider } from './backends/mlrunApi/auth';
import { MlrunApiBackend } from './backends/mlrunApi/backend';
import { resolveMlrunEndpoint, type MlrunEndpoint } from './backends/mlrunApi/endpoint';
import { sdkCredentialsFor } from './backends/mlrunApi/sdkCredentials';
import { fail, ok, type Result, type SecretBackend, type VaultBackend } from './backends/types';
import { setting } from './config';
import { loggerFor } from './log';
import type { Backends, KeysChange } from './services';

/** Scope Key Vault tokens are requested for (the Microsoft account credential). */
export const KEY_VAULT_SCOPE = 'https://vault.azure.net/.default';

/** Which backends to recreate when a setting under `mlrunSecrets.` (or `http.`) changes. */
const RESETS: { prefix: string; kinds: BackendKind[] }[] = [
  { prefix: `${SECTION}.kubernetes`, kinds: ['kubernetes', 'azure'] },
  // The Kubernetes namespace defaults to the MLRun API's client-spec namespace.
  { prefix: `${SECTION}.mlrunApi`, kinds: ['mlrunApi', 'kubernetes', 'azure'] },
  { prefix: 'http.proxy', kinds: ['mlrunApi', 'kubernetes', 'azure'] },
  { prefix: 'http.noProxy', kinds: ['mlrunApi', 'kubernetes', 'azure'] },
  { prefix: `${SECTION}.azure.credential`, kinds: ['azure'] },
  { prefix: `${SECTION}.azure.authorityHost`, kinds: ['azure'] },
];
/** Settings that change what the tree shows without recreating anything. */
const ALSO_CHANGES: string[] = [`${SECTION}.backend`, `${SECTION}.azure`];

function proxyFromEnvironment(endpoint: string): string | undefined {
  const env = process.env;
  const https = endpoint.startsWith('https:');
  return (https ? env.HTTPS_PROXY ?? env.https_proxy : undefined) ?? env.HTTP_PROXY ?? env.http_proxy ?? undefined;
}

/**
 * The certificates of `NODE_EXTRA_CA_CERTS`, which Node adds to its default trust store but VS Code's extension host
 * (whose network layer supplies its own certificate list) may not: handed to the Azure SDK explicitly, on top of the
 * system's, so a corporate CA works for Key Vault as it does for Node.
 */
function extraCaCertificates(log: vscode.LogOutputChannel): string | undefined {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return undefined;
  try {
    const pem = readFileSync(file, 'utf8');
    return pem.includes('-----BEGIN CERTIFICATE-----') ? pem : undefined;
  } catch (e) {
    log.warn(`NODE_EXTRA_CA_CERTS (${file}) could not be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    return undefined;
  }
}

export class BackendRegistry implements Backends, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly keys = new vscode.EventEmitter<KeysChange>();
  readonly onDidChange = this.changed.event;
  readonly onDidChangeKeys = this.keys.event;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.keys];
  private localBackend?: LocalBackend;
  private kubernetesBackend?: Promise<KubernetesBackend>;
  private mlrunBackend?: { key: string; backend: MlrunApiBackend };
  private azureBackend?: Promise<VaultBackend>;
  /** MLRun API credentials (SecretStorage), per endpoint. */
  readonly credentials: StoredCredentials;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
    /** Asks before the first write to a namespace MLRun may not read from (namespaceConfirmation.ts). */
    private readonly confirmer?: NamespaceConfirmer,
  ) {
    this.credentials = new StoredCredentials(secrets);
    this.disposables.push(vscode.workspace.onDidChangeConfiguration(e => {
      const kinds = new Set<BackendKind>();
      for (const r of RESETS) if (e.affectsConfiguration(r.prefix)) r.kinds.forEach(k => kinds.add(k));
      const other = ALSO_CHANGES.some(p => e.affectsConfiguration(p));
      if (kinds.size === 0 && !other) return;
      if (kinds.size) this.log.info(`settings changed: reconnecting ${[...kinds].join(', ')}`);
      for (const k of kinds) this.forget(k);
      this.changed.fire();
    }));
    // Signing in or out of the Microsoft account changes what the Azure credential can do.
    this.disposables.push(vscode.authentication.onDidChangeSessions(e => {
      if (e.provider.id === 'microsoft' && setting('azure.credential') === 'microsoftAccount') this.changed.fire();
    }));
  }

  /** The backend commands use when none is picked from the tree (`mlrunSecrets.backend`). */
  active(): BackendKind {
    const kind = setting('backend');
    return BACKEND_KINDS.includes(kind) ? kind : 'local';
  }

  local(): LocalBackend {
    this.localBackend ??= new LocalBackend({ store: this.secrets, logger: loggerFor(this.log, 'local') });
    return this.localBackend;
  }

  /** The endpoint the MLRun API backend would use, or undefined when none is configured anywhere. */
  mlrunEndpoint(): Result<MlrunEndpoint | undefined> {
    return resolveMlrunEndpoint({ setting: setting('mlrunApi.endpoint') });
  }

  async mlrunApi(): Promise<Result<MlrunApiBackend>> {
    const endpoint = this.mlrunEndpoint();
    if (!endpoint.ok) return endpoint;
    if (!endpoint.value) {
      return fail('notFound', 'No MLRun API endpoint is configured: run "MLRun Secrets: Select MLRun Endpoint…" or set MLRUN_DBPATH.');
    }
    const ep = endpoint.value;
    const http = vscode.workspace.getConfiguration('http');
    const proxyUrl = (http.get<string>('proxy') ?? '').trim() || proxyFromEnvironment(ep.url);
    const noProxy = [...(http.get<string[]>('noProxy') ?? []), ...(process.env.NO_PROXY ?? process.env.no_proxy ?? '').split(',')]
      .map(s => s.trim()).filter(Boolean);
    const authMode = setting('mlrunApi.authMode');
    const caFile = setting('mlrunApi.caFile').trim();
    const key = JSON.stringify([ep.url, proxyUrl ?? '', noProxy, authMode, caFile]);
    if (this.mlrunBackend?.key !== key) {
      const stored = this.credentials;
      const fromUrl = ep.urlCredentials;
      // What the SDK itself has for this endpoint (env file over environment), offered when nothing is stored.
      const sdk = sdkCredentialsFor(ep.url);
      const credentials: CredentialProvider = {
        // SecretStorage first; `user:password@` in MLRUN_DBPATH is what MLRun's client would offer.
        get: async url => (await stored.get(url)) ?? (fromUrl ? { username: fromUrl.username, password: fromUrl.password } : undefined) ?? sdk?.credentials,
      };
      if (sdk) this.log.info(`MLRun API: the SDK's credentials are used when none are stored for ${ep.url}: ${sdk.sources.join(', ')}`);
      this.mlrunBackend = {
        key,
        backend: new MlrunApiBackend({
          endpoint: ep.url,
          authMode,
          credentials,
          ...(caFile ? { caFile } : {}),
          ...(proxyUrl ? { proxyUrl } : {}),
          noProxy,
          logger: loggerFor(this.log, 'mlrun-api'),
        }),
      };
      this.log.info(`MLRun API: ${ep.url} (from ${ep.source === 'envFile' ? ep.envFile : ep.source}, auth mode ${authMode}${proxyUrl ? ', through a proxy' : ''})`);
    }
    return ok(this.mlrunBackend.backend);
  }

  async kubernetes(): Promise<Result<KubernetesBackend>> {
    try {
      this.kubernetesBackend ??= Promise.resolve().then(() => this.createKubernetes());
      const backend = await this.kubernetesBackend;
      const connected = await backend.connect();
      return connected.ok ? ok(backend) : connected;
    } catch (e) {
      this.kubernetesBackend = undefined;
      return fail('invalid', `The Kubernetes backend could not be loaded: ${e instanceof Error ? e.message : String(e)}.`);
    }
  }

  private createKubernetes(): KubernetesBackend {
    const mod = loadKubernetesBackend();
    return mod.createKubernetesBackend({
      kubeconfigPath: setting('kubernetes.kubeconfig'),
      context: setting('kubernetes.context'),
      namespace: setting('kubernetes.namespace'),
      projectSecretName: setting('kubernetes.projectSecretName'),
      mlrunNamespace: async () => {
        const endpoint = this.mlrunEndpoint();
        if (!endpoint.ok || !endpoint.value) return undefined;
        const api = await this.mlrunApi();
        if (!api.ok) return undefined;
        const spec = await api.value.clientSpec();
        if (!spec.ok) throw new Error(spec.error.message);
        return spec.value.namespace ?? '';
      },
      ...(this.confirmer ? { confirmer: this.confirmer } : {}),
      logger: loggerFor(this.log, 'kubernetes'),
    });
  }

  async azure(): Promise<Result<VaultBackend>> {
    try {
      this.azureBackend ??= Promise.resolve().then(() => this.createAzure());
      return ok(await this.azureBackend);
    } catch (e) {
      this.azureBackend = undefined;
      return fail('invalid', `The Azure Key Vault backend could not be loaded: ${e instanceof Error ? e.message : String(e)}.`);
    }
  }

  private createAzure(): VaultBackend {
    const mod = loadAzureBackend();
    const ca = extraCaCertificates(this.log);
    return mod.createAzureBackend({
      ...(ca ? { transport: { ca } } : {}),
      settings: <K extends SettingKey>(key: K) => setting(key),
      readCredentialSecret: async (name, signal) => {
        const k8s = await this.kubernetes();
        if (!k8s.ok) return k8s;
        const r = await k8s.value.readSecretValues(name, ['tenant_id', 'client_id', 'secret'], signal);
        if (!r.ok) return r;
        return ok({ tenant_id: r.value.get('tenant_id'), client_id: r.value.get('client_id'), secret: r.value.get('secret') });
      },
      microsoftAccount: async (scopes, request) => {
        const wanted = [...scopes];
        if (request.tenantId) wanted.push(`VSCODE_TENANT:${request.tenantId}`);
        const session = await vscode.authentication.getSession('microsoft', wanted, { createIfNone: true });
        return { token: session.accessToken };
      },
      logger: loggerFor(this.log, 'azure'),
    });
  }

  async get(kind: BackendKind): Promise<Result<SecretBackend>> {
    switch (kind) {
      case 'local':
        return ok(this.local());
      case 'kubernetes':
        return this.kubernetes();
      case 'mlrunApi':
        return this.mlrunApi();
      case 'azure':
        return this.azure();
    }
  }

  /**
   * Backends the tree shows (empty: the welcome view). A backend shows once the user chose it: the active backend;
   * the local store when it holds secrets; Kubernetes when a kubeconfig or context is set for the extension (a
   * kubeconfig that merely exists is not enough: it may serve other tools); the MLRun API when an endpoint is known
   * (setting, `MLRUN_DBPATH` or the SDK's env file); Azure when a vault is added. Reads no store but SecretStorage.
   */
  async configured(): Promise<BackendKind[]> {
    const active = this.active();
    const explicitlyActive = vscode.workspace.getConfiguration(SECTION).inspect<string>('backend')?.globalValue !== undefined;
    const out: BackendKind[] = [];
    for (const kind of BACKEND_KINDS) {
      if (kind === active && (kind !== 'local' || explicitlyActive)) {
        out.push(kind);
        continue;
      }
      switch (kind) {
        case 'local': {
          const projects = await this.local().listProjects();
          if (!projects.ok || projects.value.length > 0) out.push(kind);
          break;
        }
        case 'kubernetes':
          if (setting('kubernetes.kubeconfig').trim() || setting('kubernetes.context').trim()) out.push(kind);
          break;
        case 'mlrunApi': {
          const endpoint = this.mlrunEndpoint();
          if (!endpoint.ok || endpoint.value) out.push(kind);
          break;
        }
        case 'azure':
          if (Object.values(setting('azure.vaults') ?? {}).some(v => Array.isArray(v) && v.length > 0)) out.push(kind);
          break;
      }
    }
    return out;
  }

  keysChanged(kind?: BackendKind, project?: string): void {
    this.keys.fire({ kind, project });
  }

  /** Forgets every backend (or one), so the next use re-reads kubeconfig, env file and settings. */
  reset(kind?: BackendKind): void {
    for (const k of kind ? [kind] : BACKEND_KINDS) this.forget(k);
    this.changed.fire();
  }

  private forget(kind: BackendKind): void {
    switch (kind) {
      case 'kubernetes':
        void this.kubernetesBackend?.then(b => (b as SecretBackend).dispose?.(), () => undefined);
        this.kubernetesBackend = undefined;
        break;
      case 'mlrunApi':
        this.mlrunBackend = undefined;
        break;
      case 'azure':
        void this.azureBackend?.then(b => b.dispose?.(), () => undefined);
        this.azureBackend = undefined;
        break;
      case 'local':
        break;
    }
  }

  dispose(): void {
    for (const k of BACKEND_KINDS) this.forget(k);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
