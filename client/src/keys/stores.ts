/** The `KeyStore` of a scope: a backend's project, or one vault of a project (Azure). No `vscode`. */
import { ok, type Result, type SecretBackend, type VaultBackend, type VaultScope } from '../backends/types';
import type { KeyScope, KeyStore, StoreResolver } from './keyCache';

export function projectStore(backend: SecretBackend, project: string): KeyStore {
  return {
    listKeys: signal => backend.listKeys(project, signal),
    setSecrets: (values, signal) => backend.setSecrets(project, values, signal),
    deleteSecrets: (keys, signal) => backend.deleteSecrets(project, keys, signal),
  };
}

export function vaultStore(vault: VaultScope): KeyStore {
  return {
    listKeys: signal => vault.listKeys(signal),
    setSecrets: (values, signal) => vault.setSecrets(values, signal),
    deleteSecrets: (keys, signal) => vault.deleteSecrets(keys, {}, signal),
  };
}

/** Resolves scopes through `backend(kind)` (the registry's `get`): a vault only when the user added it. */
export function storeResolver(backend: (kind: KeyScope['backend']) => Promise<Result<SecretBackend>>): StoreResolver {
  return async scope => {
    const b = await backend(scope.backend);
    if (!b.ok) return b;
    if (scope.backend !== 'azure' || scope.vault === undefined) return ok(projectStore(b.value, scope.project));
    const vault = (b.value as VaultBackend).vault(scope.project, scope.vault);
    return vault.ok ? ok(vaultStore(vault.value)) : vault;
  };
}
