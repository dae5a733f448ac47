/**
 * Which names hold secrets (environment variables, env-file keys, keyword arguments, dict keys) and which values
 * are real literals rather than empty strings, references or placeholders. One predicate for every rule that
 * judges a name: MLS008 (datastore profile fields), MLS009 (`set_env`, YAML `env:`), MLS010 (env files).
 *
 * A name is split into upper-cased words (`_`, `-`, `.`, spaces, camelCase); its last words decide:
 * - `…_PASSWORD`, `…_PASSWD`, `…_PASSPHRASE`, `…_PWD` (not `PWD` alone: the shell's working folder), `…_TOKEN`,
 *   `…_SECRET`, `…_APIKEY`: a secret;
 * - `…_<ACCESS|SECRET|API|PRIVATE|ACCOUNT|MASTER|SIGNING|ENCRYPTION|AUTH|CLIENT|SAS|SHARED|SERVICE>_KEY`,
 *   `…_AUTH_SESSION` (an Iguazio session), `…_CONNECTION_STRING`: a secret;
 * - a trailing `VALUE` / `B64` / `BASE64` / `JSON` is ignored (`CLIENT_SECRET_VALUE` is still a secret);
 * - anything else is not: `TOKENIZERS_PARALLELISM`, `MAX_TOKENS`, `SECRET_NAME`, `TOKEN_PATH`,
 *   `GOOGLE_APPLICATION_CREDENTIALS` (a path), `AWS_ACCESS_KEY_ID` (an identifier), `AUTO_ADD_PROJECT_SECRETS`.
 */

const SECRET_LAST = new Set(['PASSWORD', 'PASSWD', 'PASSPHRASE', 'TOKEN', 'SECRET', 'APIKEY', 'SECRETKEY', 'ACCESSKEY', 'PRIVATEKEY']);
const KEY_QUALIFIERS = new Set(['ACCESS', 'SECRET', 'API', 'PRIVATE', 'ACCOUNT', 'MASTER', 'SIGNING', 'ENCRYPTION', 'AUTH', 'CLIENT', 'SAS', 'SHARED', 'SERVICE']);
/** Trailing words that describe the encoding of the same secret, not a reference to it. */
const ENCODING_SUFFIXES = new Set(['VALUE', 'B64', 'BASE64', 'JSON']);

/** Upper-cased words of a name: `dbPassword` → DB, PASSWORD; `MLRUN_HTTPDB__PASSWORD` → MLRUN, HTTPDB, PASSWORD. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(w => w !== '')
    .map(w => w.toUpperCase());
}

/** True when `name` (an environment variable, env-file key, keyword argument or dict key) names a secret. */
export function isSecretName(name: string): boolean {
  if (name.length > 256) return false;
  const words = nameWords(name);
  while (words.length > 1 && ENCODING_SUFFIXES.has(words[words.length - 1])) words.pop();
  const last = words[words.length - 1];
  if (last === undefined) return false;
  const prev = words[words.length - 2];
  if (last === 'PWD') return prev !== undefined;
  if (SECRET_LAST.has(last)) return true;
  if (last === 'KEY') return prev !== undefined && KEY_QUALIFIERS.has(prev);
  if (last === 'SESSION') return prev === 'AUTH';
  if (last === 'STRING') return prev === 'CONNECTION';
  return false;
}

/**
 * What a value given to a secret-named variable is:
 * - `empty`: nothing (or only blanks);
 * - `reference`: a reference resolved elsewhere — `${VAR}`, `$VAR`, `$(VAR)` (Kubernetes), `{{ … }}` templates,
 *   `%VAR%`;
 * - `placeholder`: an obvious stand-in — `<…>`, `***`, `xxxx`, `changeme`, `your-token`, `TODO`, `...`, the name
 *   itself, or a word such as `none`, `false`, `dummy`;
 * - `literal`: anything else (a value someone may have pasted).
 */
export type SecretValueKind = 'empty' | 'reference' | 'placeholder' | 'literal';

const PLACEHOLDER_WORDS = new Set([
  'none', 'null', 'nil', 'undefined', 'true', 'false', 'yes', 'no', 'on', 'off', 'n/a', 'na', 'tbd', 'todo', 'fixme',
  'changeme', 'changeit', 'change_me', 'change-me', 'replaceme', 'replace_me', 'replace-me', 'placeholder',
  'example', 'sample', 'dummy', 'fake', 'redacted', 'hidden', 'masked', 'secret', 'password', 'token', 'key', 'value',
  'default', 'test', 'xxx', 'my_secret', 'my-secret', 'mysecret', 'your_secret', 'your-secret', 'yoursecret',
]);

function isReference(v: string): boolean {
  return /^\$\{[^}]*\}$/.test(v) || /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v) || /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(v)
    || /^\{\{.*\}\}$/s.test(v) || /^%[A-Za-z_][A-Za-z0-9_]*%$/.test(v)
    // A value made only of references and separators: `${USER}:${PASS}`.
    || (v.includes('$') && /^(?:\$\{[^}]*\}|\$\([^)]*\)|[^$\w])+$/.test(v));
}

function isPlaceholder(v: string, name: string | undefined): boolean {
  const lower = v.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower)) return true;
  if (/^<[^<>]*>$/.test(v) || /^\[[^[\]]*\]$/.test(v)) return true;
  // One character repeated (`****`, `xxxxxx`, `......`, `000000`) or an ellipsis.
  if (/^(.)\1*$/su.test(v) || v === '…') return true;
  if (/^(your|my|insert|enter|replace|put)[-_ ]/i.test(v) || /^(your|my)[A-Z]/.test(v)) return true;
  if (/^(change|replace)[-_ ]?me\b/i.test(v)) return true;
  if (name !== undefined) {
    const norm = (s: string): string => nameWords(s).join('_');
    if (norm(v) !== '' && norm(v) === norm(name)) return true;
  }
  return false;
}

/** Classifies a value given to a secret-named variable (see SecretValueKind). `name` is the variable's name. */
export function secretValueKind(value: string, name?: string): SecretValueKind {
  const v = value.trim();
  if (v === '') return 'empty';
  if (isReference(v)) return 'reference';
  if (isPlaceholder(v, name)) return 'placeholder';
  return 'literal';
}
