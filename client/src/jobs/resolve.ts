/**
 * Provider → values, for the runs that need values in the extension (every local run; by-value providers on remote
 * targets). Values stay in memory: the returned map goes straight to the target.
 *
 *   kubernetes   the project Secret, read through the Kubernetes backend (the MLRun API never returns values);
 *   azure_vault  the vault, through the Azure backend (only vaults the user added for the project);
 *   local        the local store (VS Code SecretStorage);
 *   inline       what the user typed for this run;
 *   env          the extension host's environment (unset → null, as MLRun's `os.environ.get`);
 *   file         the file parsed with MLRun's `file` rules (shared/src/mlrunFileProvider.ts).
 */
import { parseFileProvider, resolveEnvSource } from '../../../shared/src/mlrunFileProvider';
import { fail, ok, type Result } from '../backends/types';
import type { JobRequest } from './types';

export type ReadValues = (project: string, keys: readonly string[]) => Promise<Result<Map<string, string>>>;

export interface ValueReaders {
  /** Absent when no Kubernetes backend is usable. */
  kubernetes?: ReadValues;
  local: ReadValues;
  /** Reads from one vault of the project. */
  vault?: (project: string, vault: string, k8sSecret: string | undefined, keys: readonly string[]) => Promise<Result<Map<string, string>>>;
  env: Readonly<Record<string, string | undefined>>;
  readFile(path: string): Promise<Uint8Array>;
  /** inline: the values typed for this run. */
  inline?: ReadonlyMap<string, string>;
}

export const KUBERNETES_VALUES_NEED_KUBECONFIG =
  'A local run needs the values of the project secrets, and only the Kubernetes API can return them: the MLRun API never returns project-secret values (it answers 403 by design). Connect to the cluster with a kubeconfig (MLRun Secrets: Select Kubernetes Context…), or pick another provider or target.';

/** Keys a `file` source holds (for the key picker and the pre-flight check). */
export async function fileKeys(path: string, readers: Pick<ValueReaders, 'readFile' | 'env'>): Promise<Result<string[]>> {
  const parsed = await parseFile(path, readers);
  return parsed.ok ? ok([...parsed.value.keys()]) : parsed;
}

async function parseFile(path: string, readers: Pick<ValueReaders, 'readFile' | 'env'>): Promise<Result<Map<string, string>>> {
  let bytes: Uint8Array;
  try {
    bytes = await readers.readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? 'notFound' : 'invalid', `Cannot read the secrets file ${path}${code ? ` (${code})` : ''}.`);
  }
  const parsed = parseFileProvider(bytes, readers.env);
  if (!parsed.ok) return fail('invalid', `${path}: ${parsed.message}`);
  return ok(parsed.entries);
}

function pick<V>(all: ReadonlyMap<string, V>, keys: readonly string[]): Map<string, V> {
  const out = new Map<string, V>();
  for (const k of keys) if (all.has(k)) out.set(k, all.get(k)!);
  return out;
}

/**
 * The values of the request's keys. Keys the provider does not hold are left out (the command's pre-flight has
 * already told the user); env variables that are unset are `null`.
 */
export async function resolveValues(req: JobRequest, readers: ValueReaders): Promise<Result<Map<string, string | null>>> {
  const p = req.provider;
  switch (p.kind) {
    case 'kubernetes':
      if (!readers.kubernetes) return fail('invalid', KUBERNETES_VALUES_NEED_KUBECONFIG);
      return readers.kubernetes(req.project, req.keys);
    case 'local':
      return readers.local(req.project, req.keys);
    case 'azure_vault':
      if (!readers.vault) return fail('invalid', 'The Azure Key Vault backend is not available.');
      return readers.vault(req.project, p.vault, p.k8sSecret, req.keys);
    case 'inline':
      return ok(pick(readers.inline ?? new Map(), req.keys));
    case 'env':
      return ok(req.keys.length ? resolveEnvSource(req.keys.join(','), readers.env) : new Map());
    case 'file': {
      const parsed = await parseFile(p.path, readers);
      if (!parsed.ok) return parsed;
      return ok(pick(parsed.value, req.keys));
    }
  }
}
