/**
 * The Azure doubles seeded from plain data, for end-to-end runs (in-process from a harness, or as a process via
 * `main.ts`). Vaults are addressed in path mode (`https://127.0.0.1:<port>/vaults/{name}`), so the extension under
 * test needs no name resolution, only the test CA (pass `NODE_EXTRA_CA_CERTS=<caFile>` to its process).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzureDoubles, DEFAULT_TENANT, type AzureDoublesOptions } from './server';
import type { Permission } from './vaultStore';

export interface AzureSeed {
  /** Tenant of the app and of the vaults (default DEFAULT_TENANT). */
  tenant?: string;
  apps?: { clientId: string; secret: string }[];
  vaults?: {
    name: string;
    /** name → value (enabled). */
    secrets?: Record<string, string>;
    /** Names among `secrets` to disable. */
    disabled?: string[];
    /** name → value, soft-deleted at start. */
    deleted?: Record<string, string>;
    pageSize?: number;
    purgeProtection?: boolean;
    accessModel?: 'accessPolicy' | 'rbac';
    permissions?: Record<string, Permission[]>;
  }[];
}

export interface AzureDoublesInfo {
  /** `mlrunSecrets.azure.authorityHost`. */
  authorityHost: string;
  /** `mlrunSecrets.azure.vaultUrlTemplate` (path mode). */
  vaultUrlTemplate: string;
  /** Host-mode template, for clients that map `*.vault.localhost` to loopback themselves. */
  hostVaultUrlTemplate: string;
  /** PEM file of the test CA (public certificate only). */
  caFile: string;
  tenant: string;
}

export async function startSeededAzureDoubles(seed: AzureSeed, options: AzureDoublesOptions & { caDir?: string } = {}): Promise<{ doubles: AzureDoubles; info: AzureDoublesInfo }> {
  const doubles = await new AzureDoubles(options).start();
  const tenant = seed.tenant ?? DEFAULT_TENANT;
  doubles.directory.addTenant(tenant);
  for (const app of seed.apps ?? []) doubles.directory.addApp(tenant, app.clientId, app.secret);
  for (const v of seed.vaults ?? []) {
    const vault = doubles.addVault(v.name, {
      tenant,
      ...(v.pageSize !== undefined ? { pageSize: v.pageSize } : {}),
      ...(v.purgeProtection !== undefined ? { purgeProtection: v.purgeProtection } : {}),
      ...(v.accessModel ? { accessModel: v.accessModel } : {}),
      ...(v.permissions ? { permissions: v.permissions } : {}),
    });
    for (const [name, value] of Object.entries(v.secrets ?? {})) {
      vault.set(name, { value, enabled: !(v.disabled ?? []).includes(name) });
    }
    for (const [name, value] of Object.entries(v.deleted ?? {})) {
      vault.set(name, { value });
      vault.delete(name);
    }
  }
  const dir = options.caDir ?? mkdtempSync(join(tmpdir(), 'mlrun-secrets-azure-ca-'));
  const caFile = join(dir, 'azure-doubles-ca.pem');
  writeFileSync(caFile, doubles.caPem);
  return {
    doubles,
    info: {
      authorityHost: doubles.entraUrl,
      vaultUrlTemplate: doubles.pathVaultUrlTemplate,
      hostVaultUrlTemplate: doubles.vaultUrlTemplate,
      caFile,
      tenant,
    },
  };
}
