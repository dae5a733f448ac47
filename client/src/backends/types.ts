/**
 * The one interface every secret backend implements (local, Kubernetes, MLRun API, Azure Key Vault).
 *
 * Backends know no UI and import no `vscode`: they return typed results that `commands/` and `tree/` turn into
 * one clear sentence. A failure message never contains a secret value.
 */
import type { BackendKind } from '../../../shared/src/protocol';

export type { BackendKind };

export type FailureKind =
  | 'unauthorized' // 401: credentials missing, expired or wrong
  | 'forbidden' // 403: authenticated but not allowed
  | 'notFound' // 404: project, Secret, vault or key does not exist
  | 'conflict' // 409 after retries, or a deleted-but-recoverable vault name
  | 'invalid' // bad input caught before the call (key, value, size, name) or a 400/422 from the store
  | 'unreachable' // DNS, connection refused/reset, TLS, timeout, proxy
  | 'rateLimited' // 429 after retries
  | 'serverError' // 5xx after retries
  | 'cancelled'; // the caller's AbortSignal fired

export interface Failure {
  kind: FailureKind;
  /** One sentence a user can act on. Never contains a secret value. */
  message: string;
  /** HTTP status when the store answered. */
  status?: number;
  /**
   * The store's own error code when it gave one (e.g. Key Vault's `ObjectIsDeletedButRecoverable`,
   * `ForbiddenByRbac`), so a command can offer the matching action (recover/purge, role help).
   */
  code?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(kind: FailureKind, message: string, status?: number): Result<T> {
  return { ok: false, error: status === undefined ? { kind, message } : { kind, message, status } };
}

export interface KeyInfo {
  name: string;
  /** Visible keys MLRun writes itself (datastore profiles, model monitoring): warn before deleting. */
  mlrunOwned?: boolean;
  /** Azure Key Vault: the secret is disabled. */
  disabled?: boolean;
  /** Metadata for tooltips (never a value): e.g. last update time, content type, vault. */
  detail?: Record<string, string>;
}

/**
 * What a write may report: the keys the store holds right after it, read from the write's own response (the
 * Kubernetes PATCH answers with the whole Secret). Absent when the response says nothing about other keys.
 */
export interface WriteOutcome {
  keys: KeyInfo[];
}

export interface DeleteReport {
  deleted: string[];
  notDeleted: { key: string; reason: string }[];
}

/** Logging seam: backends log what they do (methods, paths, statuses, key names), never values. */
export interface Logger {
  trace(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { trace() {}, info() {}, warn() {}, error() {} };

/** What `vscode.SecretStorage` offers; the local backend and credential stores use only this. */
export interface SecretStore {
  get(key: string): Thenable<string | undefined> | Promise<string | undefined>;
  store(key: string, value: string): Thenable<void> | Promise<void>;
  delete(key: string): Thenable<void> | Promise<void>;
}

export interface SecretBackend {
  readonly kind: BackendKind;
  /** Where it points, for the tree and status bar: "context / namespace", an endpoint, "Local store". */
  describe(): string;
  /** MLRun projects that hold secrets in this backend. */
  listProjects(signal?: AbortSignal): Promise<Result<string[]>>;
  /** Key names of a project (never values); internal `mlrun.*` keys are not listed. */
  listKeys(project: string, signal?: AbortSignal): Promise<Result<KeyInfo[]>>;
  /** Merges the given keys into the project's secrets (creating the store when missing). */
  setSecrets(project: string, values: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<Result<void | WriteOutcome>>;
  /** Removes keys; says which were and were not removed. */
  deleteSecrets(project: string, keys: readonly string[], signal?: AbortSignal): Promise<Result<DeleteReport>>;
  /**
   * Values for a local run or a run that ships values. Absent when the backend can never return values
   * (the MLRun API answers 403 for kubernetes-provider values).
   */
  readValues?(project: string, keys: readonly string[], signal?: AbortSignal): Promise<Result<Map<string, string>>>;
  dispose?(): void;
}

// ---------------------------------------------------------------------------------------------------------------
// Azure Key Vault: projects map to the vaults the user added (setting `mlrunSecrets.azure.vaults`), and each vault is
// reached through a `VaultScope` that only `VaultBackend.vault()` hands out — for added vaults only.

/** A soft-deleted vault secret (name and metadata only). */
export interface DeletedKeyInfo {
  name: string;
  /** ISO time of deletion. */
  deletedOn?: string;
  /** ISO time Key Vault will purge it. */
  scheduledPurgeDate?: string;
  /** Whether the vault allows purging it (no purge protection). */
  purgeable: boolean;
  detail?: Record<string, string>;
}

/** Outcome of a per-key operation (recover, purge). */
export interface KeyReport {
  done: string[];
  notDone: { key: string; reason: string }[];
}

/** `deleteSecrets` on a vault: soft delete, and with `purge` also purged where the vault allows it. */
export interface VaultDeleteReport extends DeleteReport {
  purged: string[];
  notPurged: { key: string; reason: string }[];
}

/** One vault of one project. Obtainable only from `VaultBackend.vault()`, which admits vaults the user added. */
export interface VaultScope {
  readonly project: string;
  /** The vault name as the user added it. */
  readonly vault: string;
  readonly url: string;
  listKeys(signal?: AbortSignal): Promise<Result<KeyInfo[]>>;
  /** Sets each key (a new version when it exists). Names and values are all checked before anything is written. */
  setSecrets(values: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<Result<void>>;
  deleteSecrets(keys: readonly string[], options?: { purge?: boolean }, signal?: AbortSignal): Promise<Result<VaultDeleteReport>>;
  listDeleted(signal?: AbortSignal): Promise<Result<DeletedKeyInfo[]>>;
  recoverSecrets(keys: readonly string[], signal?: AbortSignal): Promise<Result<KeyReport>>;
  purgeSecrets(keys: readonly string[], signal?: AbortSignal): Promise<Result<KeyReport>>;
  /**
   * Values into memory, as MLRun's `AzureVaultStore.get_secrets`: `[]` means every enabled secret; keys that do not
   * exist or are disabled are left out of the map (MLRun skips them too).
   */
  readValues(keys: readonly string[], signal?: AbortSignal): Promise<Result<Map<string, string>>>;
}

export interface VaultBackend extends SecretBackend {
  readonly kind: 'azure';
  /** Vault names the user added for a project (settings only, no network). */
  listVaults(project: string): Result<string[]>;
  /**
   * The only way to reach a vault. Fails with `notFound` unless the user added `vault` to `project`; vaults seen in
   * code are suggestions and never reach this. `k8sSecret`: a source's `k8s_secret` for the Kubernetes-Secret
   * credential (else `mlrunSecrets.azure.credentialSecret`).
   */
  vault(project: string, vault: string, options?: { k8sSecret?: string }): Result<VaultScope>;
  /** Every vault of the project in configured order, later vaults overriding earlier ones (MLRun's order). */
  readValues(project: string, keys: readonly string[], signal?: AbortSignal): Promise<Result<Map<string, string>>>;
}
