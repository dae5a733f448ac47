/**
 * The Azure Key Vault backend. Projects map to the vaults the user added in `mlrunSecrets.azure.vaults`
 * (`{ project: [vault, …] }`); settings are read live on every call. A vault is reached only through `vault()`,
 * which admits added vaults only — so workspace code (which yields mere suggestions) can never make it call out.
 *
 * The project-level `SecretBackend` methods: `listKeys` lists all the project's vaults (each key's `detail.vault`
 * says which); `setSecrets`/`deleteSecrets` need the project to have exactly one vault (else pick one with
 * `vault()`); `readValues` reads every vault in the configured order, later vaults overriding earlier ones, as
 * MLRun's `SecretsStore` does for several azure_vault sources.
 */
import { SecretClient } from '@azure/keyvault-secrets';
import type { TokenCredential } from '@azure/identity';
import { validateVaultName } from '../../../../shared/src/mlrun';
import { fail, ok, silentLogger, type DeleteReport, type Failure, type KeyInfo, type Logger, type Result, type VaultBackend, type VaultScope } from '../types';
import { Credentials, transportOptions } from './credentials';
import type { AzureBackendOptions } from './options';
import { DEFAULT_RETRY, pipelineOptions, type RetrySettings } from './policies';
import { skipChallengeResourceVerification, vaultUrl } from './urls';
import { AzureVault, rememberingTokens, type Connection } from './vault';

export class AzureBackend implements VaultBackend {
  readonly kind = 'azure' as const;
  private readonly logger: Logger;
  private readonly retry: RetrySettings;
  private readonly credentials: Credentials;
  private readonly clients = new Map<string, { credential: TokenCredential; client: SecretClient }>();

  constructor(private readonly options: AzureBackendOptions) {
    this.logger = options.logger ?? silentLogger;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.credentials = new Credentials(options, this.retry, this.logger);
  }

  describe(): string {
    const n = [...this.configured().values()].reduce((sum, list) => sum + list.length, 0);
    return `Azure Key Vault · ${n} vault${n === 1 ? '' : 's'} · ${this.credentials.describe()}`;
  }

  /** `mlrunSecrets.azure.vaults`, keeping valid vault names only (deduplicated ignoring case). */
  /** Project → its vaults (a Map: a project may be named `constructor`). */
  private configured(): Map<string, string[]> {
    const raw = this.options.settings('azure.vaults') as unknown;
    const out = new Map<string, string[]>();
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return out;
    for (const [project, list] of Object.entries(raw as Record<string, unknown>)) {
      if (!Array.isArray(list)) continue;
      const seen = new Set<string>();
      const names: string[] = [];
      for (const name of list) {
        if (typeof name !== 'string' || validateVaultName(name) !== undefined) {
          this.logger.warn(`azure: ignoring invalid vault name ${JSON.stringify(name)} for project ${project} in mlrunSecrets.azure.vaults`);
          continue;
        }
        if (seen.has(name.toLowerCase())) continue;
        seen.add(name.toLowerCase());
        names.push(name);
      }
      if (names.length) out.set(project, names);
    }
    return out;
  }

  async listProjects(): Promise<Result<string[]>> {
    return ok([...this.configured().keys()].sort());
  }

  listVaults(project: string): Result<string[]> {
    return ok(this.configured().get(project) ?? []);
  }

  vault(project: string, vault: string, options: { k8sSecret?: string } = {}): Result<VaultScope> {
    const added = this.findAdded(project, vault);
    if (!added.ok) return added;
    const name = added.value;
    const url = vaultUrl(this.options.settings('azure.vaultUrlTemplate'), name);
    if (!url.ok) return url;
    return ok(new AzureVault(project, name, url.value, {
      connect: signal => this.connect(url.value, options.k8sSecret, signal),
      stillAdded: () => {
        const r = this.findAdded(project, name);
        if (!r.ok) return r.error;
        const current = vaultUrl(this.options.settings('azure.vaultUrlTemplate'), name);
        return current.ok && current.value === url.value
          ? undefined
          : { kind: 'invalid', message: `The vault URL template changed since vault '${name}' was opened; refresh and try again.` } satisfies Failure;
      },
      logger: this.logger,
      pollIntervalMs: this.options.pollIntervalMs ?? 1000,
      maxPollMs: this.options.maxPollMs ?? 30_000,
    }));
  }

  private findAdded(project: string, vault: string): Result<string> {
    const bad = validateVaultName(vault);
    if (bad) return fail('invalid', bad);
    const match = (this.configured().get(project) ?? []).find(v => v.toLowerCase() === vault.toLowerCase());
    if (!match) {
      return fail('notFound', `Vault '${vault}' is not added to project '${project}': add it first (Add Azure Key Vault…); vaults found in code are only suggestions and are never contacted on their own.`);
    }
    return ok(match);
  }

  private async connect(url: string, k8sSecret: string | undefined, signal?: AbortSignal): Promise<Result<Connection>> {
    const cred = await this.credentials.resolve(k8sSecret, signal);
    if (!cred.ok) {
      this.logger.warn(`azure: no credential for ${url}: ${cred.error.kind}`);
      return cred;
    }
    let entry = this.clients.get(url);
    if (!entry || entry.credential !== cred.value.credential) {
      const skip = this.options.disableChallengeResourceVerification ?? skipChallengeResourceVerification(url);
      if (skip) this.logger.trace(`azure: challenge resource verification off for ${new URL(url).host}`);
      const client = new SecretClient(url, rememberingTokens(cred.value.credential), {
        ...transportOptions(this.options, url),
        ...pipelineOptions(this.retry, this.logger),
        disableChallengeResourceVerification: skip,
      });
      entry = { credential: cred.value.credential, client };
      this.clients.set(url, entry);
    }
    return ok({ client: entry.client, label: cred.value.label, redact: cred.value.redact, ...(cred.value.entra ? { entra: cred.value.entra } : {}) });
  }

  private scopes(project: string): Result<VaultScope[]> {
    const names = this.configured().get(project) ?? [];
    if (names.length === 0) return fail('notFound', `Project '${project}' has no Azure Key Vault: add one (Add Azure Key Vault…).`);
    const scopes: VaultScope[] = [];
    for (const name of names) {
      const s = this.vault(project, name);
      if (!s.ok) return s;
      scopes.push(s.value);
    }
    return ok(scopes);
  }

  private single(project: string): Result<VaultScope> {
    const scopes = this.scopes(project);
    if (!scopes.ok) return scopes;
    if (scopes.value.length > 1) {
      return fail('invalid', `Project '${project}' has ${scopes.value.length} vaults (${scopes.value.map(s => s.vault).join(', ')}): choose the vault in the tree.`);
    }
    return ok(scopes.value[0]!);
  }

  async listKeys(project: string, signal?: AbortSignal): Promise<Result<KeyInfo[]>> {
    const scopes = this.scopes(project);
    if (!scopes.ok) return scopes;
    const all: KeyInfo[] = [];
    for (const scope of scopes.value) {
      const r = await scope.listKeys(signal);
      if (!r.ok) return r;
      all.push(...r.value);
    }
    return ok(all);
  }

  async setSecrets(project: string, values: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<Result<void>> {
    const scope = this.single(project);
    return scope.ok ? scope.value.setSecrets(values, signal) : scope;
  }

  async deleteSecrets(project: string, keys: readonly string[], signal?: AbortSignal): Promise<Result<DeleteReport>> {
    const scope = this.single(project);
    if (!scope.ok) return scope;
    const r = await scope.value.deleteSecrets(keys, {}, signal);
    return r.ok ? ok({ deleted: r.value.deleted, notDeleted: r.value.notDeleted }) : r;
  }

  async readValues(project: string, keys: readonly string[], signal?: AbortSignal): Promise<Result<Map<string, string>>> {
    const scopes = this.scopes(project);
    if (!scopes.ok) return scopes;
    const merged = new Map<string, string>();
    for (const scope of scopes.value) {
      const r = await scope.readValues(keys, signal);
      if (!r.ok) return r;
      for (const [k, v] of r.value) merged.set(k, v);
    }
    return ok(merged);
  }

  dispose(): void {
    this.clients.clear();
    this.credentials.clear();
  }
}
