/**
 * MLRun's `file` and `env` secret providers, byte for byte (docs/mlrun-facts.md §3.2):
 *
 *   file:  open(path).read().splitlines() → list2dict: a line without "=" is skipped; the line is split at the first
 *          "="; key and value are str.strip()ped; the value goes through os.path.expandvars. No comments, no quotes,
 *          no `export`: `#A=1` gives the key `#A`, `A="x"` the value `"x"` with its quotes, `=x` the key "".
 *   env:   source.split(",") with each name str.strip()ped; the value is os.environ.get(name) (None when unset), so
 *          "A,,B" gives the key "".
 *
 * Python's rules are reproduced exactly: `splitlines()` also breaks on \v \f \x1c-\x1e \x85 \u2028 \u2029 (and
 * treats \r\n as one break), `strip()` removes every character `str.isspace()` accepts, and `posixpath.expandvars`
 * replaces `$name` (ASCII word characters) and `${anything-but-}}` with the variable's value and leaves unknown
 * ones untouched. Pure functions: the caller passes the environment.
 */

/** Characters Python's `str.isspace()` accepts (what `str.strip()` removes). */
const PY_WHITESPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
  0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** Line boundaries of Python's `str.splitlines()` (`\r\n` counts as one). */
const PY_LINE_BREAKS = new Set([0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029]);

export function isPyWhitespace(ch: string): boolean {
  return PY_WHITESPACE.has(ch.charCodeAt(0));
}

/** Python's `str.strip()` with no argument. */
export function pyStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && PY_WHITESPACE.has(s.charCodeAt(start))) start++;
  while (end > start && PY_WHITESPACE.has(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

/** Python's `str.splitlines()` (no `keepends`): a final line break does not give an empty last line. */
export function pySplitlines(s: string): string[] {
  const lines: string[] = [];
  let start = 0;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (PY_LINE_BREAKS.has(c)) {
      lines.push(s.slice(start, i));
      i += c === 0x0d && s.charCodeAt(i + 1) === 0x0a ? 2 : 1;
      start = i;
    } else i++;
  }
  if (start < s.length) lines.push(s.slice(start));
  return lines;
}

/** `posixpath.expandvars`' pattern: `\$(\w+|\{[^}]*\})` with `re.ASCII`. */
const VAR = /\$([A-Za-z0-9_]+|\{[^}]*\})/g;

/**
 * Python's `os.path.expandvars` on POSIX: each `$name` / `${name}` whose name is set is replaced by its value;
 * unknown ones (and `${}`) stay as written. A substituted value is never expanded again.
 */
export function pyExpandvars(s: string, env: Readonly<Record<string, string | undefined>>): string {
  if (!s.includes('$')) return s;
  return s.replace(VAR, (whole, group: string) => {
    const name = group.startsWith('{') && group.endsWith('}') ? group.slice(1, -1) : group;
    const value = Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined;
    return value === undefined ? whole : value;
  });
}

/**
 * MLRun's `list2dict` (mlrun/utils/helpers.py) over lines: later duplicates overwrite the value but keep the
 * key's first position (a Python dict).
 */
export function list2dict(lines: readonly string[], env: Readonly<Record<string, string | undefined>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of lines) {
    const at = line.indexOf('=');
    if (at < 0) continue;
    const key = pyStrip(line.slice(0, at));
    const value = pyExpandvars(pyStrip(line.slice(at + 1)), env);
    out.set(key, value);
  }
  return out;
}

export type FileProviderResult =
  | { ok: true; entries: Map<string, string>; skippedLines: number }
  | { ok: false; message: string };

/**
 * A `file` source's entries, as MLRun's `SecretsStore.add_source("file", path)` reads them on Linux/macOS (the file
 * is decoded as UTF-8; a byte-order mark is kept as a character, as Python's `utf-8` codec does). The entries are
 * key → value strings; `skippedLines` counts the lines without "=" (blank lines included).
 */
export function parseFileProvider(bytes: Uint8Array, env: Readonly<Record<string, string | undefined>>): FileProviderResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { ok: false, message: 'The file is not valid UTF-8; MLRun reads it as UTF-8 text and would fail with a UnicodeDecodeError.' };
  }
  const lines = pySplitlines(text);
  const entries = list2dict(lines, env);
  return { ok: true, entries, skippedLines: lines.filter(l => !l.includes('=')).length };
}

/** The names of an `env` source string: `"A, B"` → `["A", "B"]`; `"A,,B"` → `["A", "", "B"]`. */
export function envSourceNames(source: string): string[] {
  return source.split(',').map(pyStrip);
}

/** An `env` source's entries: name → the variable's value, `null` when unset (MLRun stores `None`). */
export function resolveEnvSource(source: string, env: Readonly<Record<string, string | undefined>>): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const name of envSourceNames(source)) {
    const value = Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined;
    out.set(name, value === undefined ? null : value);
  }
  return out;
}
