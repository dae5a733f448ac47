/**
 * Code the insert commands write (pure). Python string literals are double-quoted with `\` and `"` escaped; text is
 * escaped again for VS Code's snippet syntax (`$`, `}` and `\`). Names only — never a value.
 *   - `get_secret("KEY")` after a `.`, `context.get_secret("KEY")` in a handler, else `mlrun.get_secret_or_env("KEY")`
 *     (which reads the variable MLRun injects for the key: `MLRUN_K8S_SECRET__KEY` up to 1.7, the key itself from
 *     1.8, docs/mlrun-facts.md §4.1, §4.3);
 *   - `set_env_from_secret` (§7.1) and `mount_secret` (§7.2) for Secrets MLRun does not manage.
 */

export type GetSecretForm = 'member' | 'handler' | 'module';

export function pyString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Escapes text for a snippet (outside placeholders). */
export function snippetText(s: string): string {
  return s.replace(/[\\$}]/g, c => `\\${c}`);
}

export function getSecretCall(key: string, form: GetSecretForm): string {
  switch (form) {
    case 'member':
      return `get_secret(${pyString(key)})`;
    case 'handler':
      return `context.get_secret(${pyString(key)})`;
    case 'module':
      return `mlrun.get_secret_or_env(${pyString(key)})`;
  }
}

/** Which form fits at the cursor, from the text before it on its line and whether it is inside a handler. */
export function getSecretForm(linePrefix: string, inHandler: boolean): GetSecretForm {
  if (linePrefix.endsWith('.')) return 'member';
  return inHandler ? 'handler' : 'module';
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Why a name cannot be a container environment variable (Kubernetes' rule), or undefined. */
export function validateEnvName(name: string): string | undefined {
  if (!name) return 'Type a variable name.';
  if (!ENV_NAME.test(name)) return 'A variable name uses letters, digits, "_", "-" and ".", and does not start with a digit.';
  return undefined;
}

/** A variable name to suggest for a Secret key: upper-case, other characters as `_`. */
export function suggestEnvName(key: string): string {
  const s = key.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return /^[0-9]/.test(s) ? `_${s}` : s || 'SECRET';
}

/** `fn.set_env_from_secret("ENV", secret="name", secret_key="key")`, `fn` a placeholder. */
export function envFromSecretSnippet(envName: string, secretName: string, secretKey: string): string {
  return `\${1:fn}.set_env_from_secret(${snippetText(pyString(envName))}, secret=${snippetText(pyString(secretName))}, secret_key=${snippetText(pyString(secretKey))})$0`;
}

/** A volume name (DNS-1123 label) for a Secret: each mount needs its own (MLRun keys volumes by name). */
export function volumeNameFor(secretName: string): string {
  const s = secretName.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63).replace(/^-+|-+$/g, '');
  return s || 'secret';
}

/** Why a path cannot be a mount path, or undefined. */
export function validateMountPath(p: string): string | undefined {
  if (!p.startsWith('/')) return 'A mount path is absolute (starts with "/").';
  if (p.includes(':')) return 'A mount path cannot contain ":".';
  if (p.split('/').includes('..')) return 'A mount path cannot contain "..".';
  return undefined;
}

/**
 * `fn.apply(mlrun.platforms.mount_secret("name", "/path", volume_name="vol", items=[{"key": "k", "path": "k"}]))`.
 * Without keys, every key of the Secret becomes a file.
 */
export function mountSecretSnippet(secretName: string, mountPath: string, keys: readonly string[]): string {
  const items = keys.length ? `, items=[${keys.map(k => `{"key": ${pyString(k)}, "path": ${pyString(k)}}`).join(', ')}]` : '';
  const call = `mlrun.platforms.mount_secret(${pyString(secretName)}, ${pyString(mountPath)}, volume_name=${pyString(volumeNameFor(secretName))}${items})`;
  return `\${1:fn}.apply(${snippetText(call)})$0`;
}
