/**
 * Pure helpers over the `mlrunSecrets.azure.vaults` setting (`{ project: [vault, …] }`) for the Add/Remove Vault
 * commands, and the suggestions built from `mlrunSecrets/vaultSources`. No SDK imports, no network: suggestions are
 * plain data, and a suggested vault is contacted only after `addVault` put it into the setting.
 */
import type { VaultSource } from '../../../../shared/src/protocol';
import { validateProjectName, validateVaultName } from '../../../../shared/src/mlrun';
import { nullRecord, ownValue } from '../../../../shared/src/records';
import { fail, ok, type Result } from '../types';

export type VaultsSetting = Record<string, string[]>;

/** The setting with `vault` added to `project` (a new object), or why not. Names compare ignoring case. */
export function addVault(current: VaultsSetting, project: string, vault: string): Result<VaultsSetting> {
  const badProject = validateProjectName(project);
  if (badProject) return fail('invalid', badProject);
  const badVault = validateVaultName(vault);
  if (badVault) return fail('invalid', badVault);
  const list = ownValue(current, project) ?? [];
  if (list.some(v => v.toLowerCase() === vault.toLowerCase())) {
    return fail('conflict', `Vault '${vault}' is already added to project '${project}'.`);
  }
  return ok(nullRecord([...Object.entries(current), [project, [...list, vault]]]));
}

/** The setting without `vault` in `project` (a new object; the project entry goes when it empties). */
export function removeVault(current: VaultsSetting, project: string, vault: string): VaultsSetting {
  const rest = (ownValue(current, project) ?? []).filter(v => v.toLowerCase() !== vault.toLowerCase());
  const others = Object.entries(current).filter(([p]) => p !== project);
  return nullRecord(rest.length ? [...others, [project, rest]] : others);
}

export interface VaultSuggestion {
  /** Vault name as written in code. */
  name: string;
  /** `k8s_secret` values the sources name (first seen first). */
  k8sSecrets: string[];
  /** Documents that mention it. */
  uris: string[];
  /** Whether it is already added to the project (then it is no suggestion but shown as known). */
  added: boolean;
  /** Why it cannot be added (an invalid vault name), if so. */
  problem?: string;
}

/** Vaults seen in `with_secrets("azure_vault", …)` sources, grouped by name (ignoring case). Sources with a
 * non-literal name are left out. */
export function vaultSuggestions(sources: readonly VaultSource[], current: VaultsSetting, project: string): VaultSuggestion[] {
  const added = new Set((ownValue(current, project) ?? []).map(v => v.toLowerCase()));
  const byName = new Map<string, VaultSuggestion>();
  for (const s of sources) {
    if (s.name === null) continue;
    const key = s.name.toLowerCase();
    let entry = byName.get(key);
    if (!entry) {
      const problem = validateVaultName(s.name);
      entry = { name: s.name, k8sSecrets: [], uris: [], added: added.has(key), ...(problem ? { problem } : {}) };
      byName.set(key, entry);
    }
    if (s.k8sSecret && !entry.k8sSecrets.includes(s.k8sSecret)) entry.k8sSecrets.push(s.k8sSecret);
    if (!entry.uris.includes(s.uri)) entry.uris.push(s.uri);
  }
  return [...byName.values()].sort((a, b) => Number(a.added) - Number(b.added) || a.name.localeCompare(b.name));
}
