/**
 * State of the Key Vault double: vaults, their secrets (with versions) and soft-deleted secrets.
 * Names are case-insensitive like Key Vault's (the first spelling is kept); timestamps are Unix seconds.
 */
import { randomBytes } from 'node:crypto';

export type Permission = 'get' | 'list' | 'set' | 'delete' | 'recover' | 'purge';
export const ALL_PERMISSIONS: readonly Permission[] = ['get', 'list', 'set', 'delete', 'recover', 'purge'];

export interface SecretVersion {
  version: string;
  value: string;
  contentType?: string;
  tags?: Record<string, string>;
  enabled: boolean;
  nbf?: number;
  exp?: number;
  created: number;
  updated: number;
}

export interface SecretRecord {
  name: string;
  /** Oldest first; the last one is the current version. */
  versions: SecretVersion[];
  managed?: boolean;
}

export interface DeletedRecord {
  record: SecretRecord;
  deletedDate: number;
  scheduledPurgeDate: number;
  /** Until then (ms) the secret is "being deleted": not yet listed, recoverable or purgeable. */
  settledAt: number;
}

export interface VaultConfig {
  /** Tenant the vault belongs to (its challenge names it). */
  tenant: string;
  /** false: legacy vault without soft delete (`recoveryLevel` "Purgeable"). */
  softDelete: boolean;
  /** Soft-delete retention, 7–90 days. */
  retentionDays: number;
  purgeProtection: boolean;
  /** How a 403 reads: access policies (`AccessDenied`) or Azure RBAC (`ForbiddenByRbac`). */
  accessModel: 'accessPolicy' | 'rbac';
  /** Permissions per principal (app id or upn); principals not listed get `defaultPermissions`. */
  permissions: Map<string, Set<Permission>>;
  defaultPermissions: Set<Permission>;
  /** Items per list page (Key Vault: 25). */
  pageSize: number;
  /** How long a deleted secret stays "being deleted" (ms). */
  deleteLatencyMs: number;
}

export function now(): number {
  return Math.floor(Date.now() / 1000);
}

function newVersion(): string {
  return randomBytes(16).toString('hex');
}

export class VaultState {
  readonly secrets = new Map<string, SecretRecord>();
  readonly deleted = new Map<string, DeletedRecord>();

  constructor(readonly name: string, readonly config: VaultConfig) {}

  get recoveryLevel(): string {
    const c = this.config;
    if (!c.softDelete) return 'Purgeable';
    const prefix = c.retentionDays === 90 ? 'Recoverable' : 'CustomizedRecoverable';
    return c.purgeProtection ? prefix : `${prefix}+Purgeable`;
  }

  get(name: string): SecretRecord | undefined {
    return this.secrets.get(name.toLowerCase());
  }

  getDeleted(name: string): DeletedRecord | undefined {
    return this.deleted.get(name.toLowerCase());
  }

  /** Adds a version (creating the secret). The caller checks the deleted state first. */
  set(name: string, v: { value: string; contentType?: string; tags?: Record<string, string>; enabled?: boolean; nbf?: number; exp?: number }): { record: SecretRecord; version: SecretVersion } {
    const key = name.toLowerCase();
    let record = this.secrets.get(key);
    if (!record) {
      record = { name, versions: [] };
      this.secrets.set(key, record);
    }
    const t = now();
    const version: SecretVersion = {
      version: newVersion(),
      value: v.value,
      enabled: v.enabled ?? true,
      created: t,
      updated: t,
      ...(v.contentType !== undefined ? { contentType: v.contentType } : {}),
      ...(v.tags !== undefined ? { tags: v.tags } : {}),
      ...(v.nbf !== undefined ? { nbf: v.nbf } : {}),
      ...(v.exp !== undefined ? { exp: v.exp } : {}),
    };
    record.versions.push(version);
    return { record, version };
  }

  /** Soft delete (or hard delete without soft delete). Returns the deleted record. */
  delete(name: string): DeletedRecord {
    const key = name.toLowerCase();
    const record = this.secrets.get(key)!;
    this.secrets.delete(key);
    const t = now();
    const deleted: DeletedRecord = {
      record,
      deletedDate: t,
      scheduledPurgeDate: t + this.config.retentionDays * 24 * 3600,
      settledAt: Date.now() + this.config.deleteLatencyMs,
    };
    if (this.config.softDelete) this.deleted.set(key, deleted);
    return deleted;
  }

  recover(name: string): SecretRecord {
    const key = name.toLowerCase();
    const d = this.deleted.get(key)!;
    this.deleted.delete(key);
    this.secrets.set(key, d.record);
    return d.record;
  }

  purge(name: string): void {
    this.deleted.delete(name.toLowerCase());
  }

  /** Current records sorted by name, as Key Vault lists them. */
  list(): SecretRecord[] {
    return [...this.secrets.values()].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  }

  listDeleted(): DeletedRecord[] {
    const t = Date.now();
    return [...this.deleted.values()]
      .filter(d => d.settledAt <= t)
      .sort((a, b) => a.record.name.toLowerCase().localeCompare(b.record.name.toLowerCase()));
  }

  allowed(principal: string, permission: Permission): boolean {
    return (this.config.permissions.get(principal) ?? this.config.defaultPermissions).has(permission);
  }
}

export function latest(record: SecretRecord): SecretVersion {
  return record.versions[record.versions.length - 1]!;
}
