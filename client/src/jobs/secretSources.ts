/**
 * `spec.secret_sources` as MLRun's client sends it (docs/mlrun-facts.md §3.2–§3.3): `SecretsStore.to_serial()`
 * gives `[{"kind": "inline", "source": <resolved inline/file/env values>}]` followed by the hidden sources
 * (kubernetes, azure_vault) by reference. The inline entry is always first, possibly `{}`; an unset env variable
 * travels as JSON `null`.
 */
import type { JobRequest, SecretValues, TargetKind } from './types';
import { nullRecord } from '../../../shared/src/records';

export interface AzureVaultSource {
  name: string;
  k8s_secret?: string;
  secrets: string[];
}

export type SecretSource =
  | { kind: 'inline'; source: Record<string, string | null> }
  | { kind: 'kubernetes'; source: string[] }
  | { kind: 'azure_vault'; source: AzureVaultSource };

/** The source `with_secrets("azure_vault", {...})` takes: name, k8s_secret (when given), secrets. */
export function azureVaultSource(vault: string, k8sSecret: string | undefined, keys: readonly string[]): AzureVaultSource {
  return k8sSecret ? { name: vault, k8s_secret: k8sSecret, secrets: [...keys] } : { name: vault, secrets: [...keys] };
}

/** `to_serial()` of a store holding `inline` values and the given hidden sources. */
export function toSerial(inline: SecretValues | undefined, hidden: SecretSource[] = []): SecretSource[] {
  const source = nullRecord<string | null>(inline ?? []);
  return [{ kind: 'inline', source }, ...hidden];
}

/** Providers whose values travel by value to a remote target (the client resolves them, as MLRun's does). */
export function travelsByValue(req: Pick<JobRequest, 'provider'>): boolean {
  return !['kubernetes', 'azure_vault'].includes(req.provider.kind);
}

/** Whether a run of `req` on `target` needs the values in the extension (every local run; by-value providers). */
export function needsValues(req: Pick<JobRequest, 'provider'>, target: TargetKind): boolean {
  return target === 'local' || travelsByValue(req);
}

/**
 * The `secret_sources` of the run a remote target receives:
 *   - kubernetes provider: `[inline {}, kubernetes [keys]]`;
 *   - azure_vault: `[inline {}, azure_vault {name, k8s_secret, secrets}]`;
 *   - by-value providers on the MLRun API: `[inline {values}]` (what MLRun's client sends for file/env);
 *   - by-value providers in a Kubernetes Job: `[inline {}, kubernetes [keys]]` — the values are literal env entries
 *     of the pod under the name the image's MLRun reads (`MLRUN_K8S_SECRET__<KEY>` up to 1.7, the key from 1.8),
 *     which a kubernetes source reads (§3.2), so they are written in one place only (twice when the version is
 *     unknown: both names).
 */
export function remoteSecretSources(req: JobRequest, target: Exclude<TargetKind, 'local'>, values?: SecretValues): SecretSource[] {
  const p = req.provider;
  if (p.kind === 'kubernetes') return toSerial(undefined, [{ kind: 'kubernetes', source: [...req.keys] }]);
  if (p.kind === 'azure_vault') return toSerial(undefined, [{ kind: 'azure_vault', source: azureVaultSource(p.vault, p.k8sSecret, req.keys) }]);
  if (!values) throw new Error(`the values of the ${p.kind} provider were not resolved`);
  if (target === 'mlrunApi') return toSerial(values);
  return toSerial(undefined, [{ kind: 'kubernetes', source: [...values.keys()] }]);
}
