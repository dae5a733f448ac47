/**
 * How MLRun names, validates and injects project secrets (docs/mlrun-facts.md §1, §3–§5, §9).
 * Pure functions and constants, used by the backends, the job runners, the analyzer and the tests.
 */

/** `secret_stores.kubernetes.project_secret_name` (§1.1). */
export const PROJECT_SECRET_NAME_TEMPLATE = 'mlrun-project-secrets-{project}';
/** `secret_stores.kubernetes.env_variable_prefix` of MLRun 1.7 and earlier (§4.1); MLRun 1.8+ defaults it to "". */
export const K8S_SECRET_ENV_PREFIX = 'MLRUN_K8S_SECRET__';
/** Keys MLRun keeps for itself: hidden by `secret-keys`, 403 on set/delete (§1.4). */
export const INTERNAL_KEY_PREFIX = 'mlrun.';
/** Kubernetes caps a Secret at 1 MiB in total (§9). */
export const MAX_SECRET_BYTES = 1024 * 1024;
/** The project secrets provider value MLRun's API must always get, in body and query (§2.2, E2). */
export const KUBERNETES_PROVIDER = 'kubernetes';

/**
 * Visible keys MLRun writes itself (§1.4): deleting them breaks MLRun features. `ProjectSecretKeys` of
 * mlrun/common/schemas/model_monitoring/constants.py: MLRun 1.7 stores connection strings (`TSDB_CONNECTION`,
 * `STREAM_PATH`, `MODEL_MONITORING_ENDPOINT_STORE_CONNECTION`), MLRun 1.8+ the names of the datastore profiles that
 * hold them (`TSDB_PROFILE_NAME`, `STREAM_PROFILE_NAME`; the profiles themselves are `datastore-profiles.*` keys);
 * both keep `MODEL_MONITORING_ACCESS_KEY`.
 */
export const MODEL_MONITORING_KEYS: readonly string[] = [
  'TSDB_CONNECTION',
  'STREAM_PATH',
  'MODEL_MONITORING_ENDPOINT_STORE_CONNECTION',
  'MODEL_MONITORING_ACCESS_KEY',
  'TSDB_PROFILE_NAME',
  'STREAM_PROFILE_NAME',
];
export const DATASTORE_PROFILE_KEY_PREFIX = 'datastore-profiles.';

/** Secret provider kinds of `with_secrets(kind, source)` (§3.1). */
export const PROVIDER_KINDS = ['kubernetes', 'azure_vault', 'inline', 'env', 'file', 'vault'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
/** Kinds whose values end up in plain text in the run spec or pod spec (§3.3). */
export const INSECURE_PROVIDER_KINDS: readonly ProviderKind[] = ['inline', 'env', 'file'];

/** Azure vault credentials mount (§5, E10). */
export const AZURE_VAULT = {
  volumeName: 'azure-vault-secret',
  mountPath: '/root/.mlrun/azure_vault',
  defaultMode: 420,
  urlTemplate: 'https://{name}.vault.azure.net',
  credentialKeys: ['tenant_id', 'client_id', 'secret'] as const,
};

/** Name of a project's Kubernetes Secret, as `str.format(project=...)` would give it. */
export function projectSecretName(project: string, template: string = PROJECT_SECRET_NAME_TEMPLATE): string {
  return template.split('{project}').join(project);
}

/** The project a Secret name belongs to under the template, or undefined when it does not match. */
export function projectFromSecretName(name: string, template: string = PROJECT_SECRET_NAME_TEMPLATE): string | undefined {
  const at = template.indexOf('{project}');
  if (at < 0) return undefined;
  const prefix = template.slice(0, at);
  const suffix = template.slice(at + '{project}'.length);
  if (!name.startsWith(prefix) || !name.endsWith(suffix) || name.length <= prefix.length + suffix.length) return undefined;
  const project = name.slice(prefix.length, name.length - suffix.length);
  return validateProjectName(project) === undefined ? project : undefined;
}

/**
 * How the MLRun in a job pod names the variable of a project-secret key (`SecretsStore.k8s_env_variable_name_for_secret`,
 * mlrun/secrets.py, with `secret_stores.kubernetes.env_variable_prefix` of mlrun/config.py):
 *   - `prefixed`: MLRun 1.7 and earlier — `MLRUN_K8S_SECRET__` + `key.upper()`;
 *   - `plain`: MLRun 1.8 and later — the prefix is "" and the key is not upper-cased: the variable is the key;
 *   - `both`: the MLRun version is unknown, so both names are given (and both kinds of warning apply).
 */
export type EnvNaming = 'prefixed' | 'plain' | 'both';

/** Env variable a key is injected as under one rule (§4.1). Keys are ASCII. */
export function envNameForKey(key: string, naming: Exclude<EnvNaming, 'both'> = 'prefixed'): string {
  return naming === 'plain' ? key : K8S_SECRET_ENV_PREFIX + key.toUpperCase();
}

/** The variable names a key is given under `naming` (one, or two for `both` unless they coincide). */
export function envNamesForKey(key: string, naming: EnvNaming): string[] {
  if (naming !== 'both') return [envNameForKey(key, naming)];
  return [envNameForKey(key, 'prefixed'), key];
}

/** The sentence part naming a key's variable(s): `` `DB_PASSWORD` `` or both names with the versions that read them. */
export function envNamesText(key: string, naming: EnvNaming, quote: (s: string) => string = s => s): string {
  if (naming !== 'both') return quote(envNameForKey(key, naming));
  return `${quote(envNameForKey(key, 'prefixed'))} (MLRun 1.7 and earlier) or ${quote(key)} (MLRun 1.8 and later)`;
}

/** Whether keys that differ only in case collide: only under the upper-casing rule of MLRun 1.7 and earlier. */
export function caseMatters(naming: EnvNaming): boolean {
  return naming !== 'plain';
}

/** Exact variable names a secret must not replace in every job pod (MLRun 1.8+ names the variable after the key). */
const POD_VARIABLES = new Set([
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'PWD', 'HOSTNAME', 'TERM', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR',
  'PYTHONPATH', 'PYTHONHOME', 'PYTHONSTARTUP', 'PYTHONUNBUFFERED', 'PYTHONIOENCODING', 'VIRTUAL_ENV', 'CONDA_PREFIX',
  'LD_LIBRARY_PATH', 'LD_PRELOAD', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'all_proxy',
  'IGZ_NAMESPACE_DOMAIN',
]);

/** Prefixes of variable families a secret must not join: what reading them means in the pod. */
const POD_VARIABLE_PREFIXES: [string, string][] = [
  ['MLRUN_', "MLRun reads every MLRUN_* variable as its configuration (MLRUN_DBPATH, MLRUN_HTTPDB__TOKEN, …), so the value would reconfigure MLRun in the pod"],
  ['V3IO_', 'V3IO_* variables carry the pod\'s V3IO credentials and API addresses'],
  ['KUBERNETES_', 'KUBERNETES_* variables tell clients in the pod where the Kubernetes API is'],
  ['LC_', 'LC_* variables set the locale of every process in the pod'],
];

/**
 * Why a key's plain variable (MLRun 1.8+, or `both`) would be harmful in every job pod of the project — MLRun adds
 * all project secrets to every job by default — or undefined. Names only; the key is shown as given.
 */
export function podVariableProblem(key: string, naming: EnvNaming): string | undefined {
  if (naming === 'prefixed') return undefined;
  const when = naming === 'both' ? 'If the job pods run MLRun 1.8 or later, ' : '';
  const lead = `${when}MLRun 1.8+ gives this secret to every job pod of the project as the variable "${key}"`;
  if (/^[0-9]/.test(key)) return `${lead}, and a variable name cannot start with a digit: shells cannot use it, and Kubernetes clusters without relaxed variable-name validation reject the pod.`;
  if (POD_VARIABLES.has(key)) return `${lead}, replacing the pod's own ${key}: the job may not start or may behave differently.`;
  for (const [prefix, why] of POD_VARIABLE_PREFIXES) {
    if (key.startsWith(prefix)) return `${lead}: ${why}.`;
  }
  return undefined;
}

const KEY_CHARS = /^[-._a-zA-Z0-9]{1,253}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Why a key cannot be stored, or undefined when it can (§1.3, §1.4, §9): MLRun's regex anchored to the whole
 * string, Kubernetes' extra rules (`.`, `..`, `..*`), no internal `mlrun.` keys, no control characters.
 */
export function validateSecretKey(key: string): string | undefined {
  if (key.length === 0) return 'A key cannot be empty.';
  if (CONTROL.test(key)) return 'A key cannot contain control characters (such as a newline or tab).';
  if (key.length > 253) return `A key can have at most 253 characters (this one has ${key.length}).`;
  if (!KEY_CHARS.test(key)) {
    return 'A key may contain only ASCII letters, digits, "-", "_" and ".".';
  }
  if (key === '.' || key === '..' || key.startsWith('..')) return 'A key cannot be "." or ".." or start with "..".';
  if (key.startsWith(INTERNAL_KEY_PREFIX)) return 'Keys starting with "mlrun." are reserved for MLRun itself.';
  return undefined;
}

/** Why a value cannot be stored, or undefined: non-empty, well-formed UTF-16 (so it encodes to UTF-8). */
export function validateSecretValue(value: string): string | undefined {
  if (value.length === 0) return 'A value cannot be empty (MLRun treats an empty value as missing).';
  if (!value.isWellFormed()) return 'The value contains unpaired surrogate characters and cannot be encoded as UTF-8.';
  return undefined;
}

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why a project name is invalid, or undefined: a DNS-1123 label of at most 63 characters (§9). */
export function validateProjectName(name: string): string | undefined {
  if (name.length === 0) return 'A project name cannot be empty.';
  if (name.length > 63) return `A project name can have at most 63 characters (this one has ${name.length}).`;
  if (!DNS_1123_LABEL.test(name)) {
    return 'A project name must use lower-case letters, digits and "-", and start and end with a letter or digit.';
  }
  return undefined;
}

export function isInternalKey(key: string): boolean {
  return key.startsWith(INTERNAL_KEY_PREFIX);
}

/** Visible keys MLRun writes itself; deleting one needs a warning (§1.4, §9). */
export function isMlrunOwnedKey(key: string): boolean {
  return key.startsWith(DATASTORE_PROFILE_KEY_PREFIX) || MODEL_MONITORING_KEYS.includes(key);
}

/**
 * The variable names a job is given a key's value under: `envNamesForKey`, except that with `both` the plain name is
 * left out when it would harm the pod (podVariableProblem) — an MLRun 1.7 reader does not need it.
 */
export function jobEnvNames(key: string, naming: EnvNaming): string[] {
  const names = envNamesForKey(key, naming);
  return naming === 'both' && podVariableProblem(key, naming) ? names.filter(n => n !== key) : names;
}

/** Keys `jobEnvNames` gives only their `MLRUN_K8S_SECRET__` name (naming `both`). */
export function plainNamesLeftOut(keys: Iterable<string>, naming: EnvNaming): string[] {
  return naming === 'both' ? [...keys].filter(k => podVariableProblem(k, naming)) : [];
}

/** Groups of keys that become the same `MLRUN_K8S_SECRET__` variable (they differ only in case; MLRun ≤ 1.7). */
export function caseCollisions(keys: Iterable<string>, naming: EnvNaming = 'prefixed'): string[][] {
  if (!caseMatters(naming)) return [];
  const byEnv = new Map<string, string[]>();
  for (const k of keys) {
    const env = envNameForKey(k);
    const group = byEnv.get(env);
    if (group) group.push(k);
    else byEnv.set(env, [k]);
  }
  return [...byEnv.values()].filter(g => g.length > 1);
}

/** Keys in `existing` that `key` would collide with (ignoring case; MLRun ≤ 1.7), excluding itself. */
export function collidesWith(key: string, existing: Iterable<string>, naming: EnvNaming = 'prefixed'): string[] {
  if (!caseMatters(naming)) return [];
  const upper = key.toUpperCase();
  return [...existing].filter(k => k !== key && k.toUpperCase() === upper);
}

const VAULT_NAME = /^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;

/** Azure Key Vault names: 3–24 characters, letters, digits and dashes, starting with a letter, no `--`. */
export function validateVaultName(name: string): string | undefined {
  if (!VAULT_NAME.test(name) || name.includes('--')) {
    return 'A vault name has 3–24 letters, digits and dashes, starts with a letter, ends with a letter or digit and has no "--".';
  }
  return undefined;
}

const VAULT_SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;

/** Key Vault secret names: 1–127 letters, digits and dashes. MLRun keys with `_` or `.` cannot be held. */
export function validateVaultSecretName(name: string): string | undefined {
  if (!VAULT_SECRET_NAME.test(name)) {
    const bad = [...new Set(name.replace(/[0-9a-zA-Z-]/g, ''))].map(c => JSON.stringify(c)).join(', ');
    return name.length > 127
      ? `Azure Key Vault secret names have at most 127 characters (this one has ${name.length}).`
      : `Azure Key Vault secret names may contain only letters, digits and dashes${bad ? ` (not ${bad})` : ''}; MLRun would accept this key, but a vault cannot hold it.`;
  }
  return undefined;
}

/** Bytes a Secret's `data` takes: keys plus UTF-8 values (what the 1 MiB limit counts, base64 aside). */
export function secretDataBytes(entries: Iterable<[string, string]>): number {
  let n = 0;
  for (const [k, v] of entries) n += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8');
  return n;
}
