/**
 * The words that let the analyzer skip text without parsing it: a Python file (or notebook, or Markdown) without
 * any of them has no finding, and a chunk without any of them is never parsed. One place, so that a new rule adds
 * its words here and the CLI, the workspace scan and the editor skip the same texts.
 */

/** Python files need "secret" and one of these… */
export const PYTHON_NEEDLES: readonly string[] = ['with_secret', 'set_secrets', 'get_secret', 'secret_sources', 'secrets=', 'mlrun-secrets'];
/**
 * …or, in a text that names mlrun, one of these, which need no "secret": datastore profiles (MLS008) and
 * `set_env` / `set_envs` (MLS009). Checking "mlrun" first keeps this to one more scan of files without "secret".
 */
export const PYTHON_MLRUN_NEEDLES: readonly string[] = ['DatastoreProfile', 'ConfigProfile', 'set_env'];

/**
 * A chunk is parsed only when its text contains one of these: the secret calls and their receivers' usual names,
 * imports of mlrun (to know what is MLRun), datastore profiles, set_env and SecretsStore. (Calls of aliases and
 * wrappers are found from the module's names, whatever their chunk holds.)
 */
export const CHUNK_KEYWORDS: readonly string[] = ['secret', 'local', '_project', 'mlrun', 'Profile', 'set_env', 'SecretsStore', 'add_source'];

/**
 * A chunk that holds only these is parsed when its handlers or functions are read (CodeLens, symbols, handler
 * infos), not for diagnostics: a handler (`def f(context)`) without a call of interest gives no finding.
 */
export const DEFERRED_KEYWORDS: readonly string[] = ['context'];
