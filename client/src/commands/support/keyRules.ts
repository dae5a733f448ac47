/** Which keys a backend kind can hold (pure): MLRun's key rules, or Key Vault's stricter secret names. */
import { validateSecretKey, validateVaultSecretName } from '../../../../shared/src/mlrun';
import type { BackendKind } from '../../../../shared/src/protocol';

export function keyProblem(kind: BackendKind, key: string): string | undefined {
  return kind === 'azure' ? validateVaultSecretName(key) : validateSecretKey(key);
}
