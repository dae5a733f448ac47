/**
 * A dotenv parser with python-dotenv's rules (docs/mlrun-facts.md §2.6, §6.1), which the MLRun SDK
 * uses both for its env file (`MLRUN_ENV_FILE` / `~/.mlrun.env`, `load_dotenv(override=True)`) and for
 * `project.set_secrets(file_path=...)` (`dotenv_values`). It follows python-dotenv's parser.py exactly (checked
 * against Debian's python3-dotenv 0.21 by test/unit/backends/dotenvDifferential.test.ts):
 *   - the file is read as Python's `open(path, encoding="utf-8")` reads it: universal newlines (`\r\n` and a lone
 *     `\r` become `\n`) and a leading byte-order mark kept — it is not whitespace to Python, so it becomes part of
 *     the first key (readDotenvFile);
 *   - Python's whitespace (`\s`, `str.rstrip`: \x1c–\x1f, \x85, U+2028 … but not U+FEFF), not JavaScript's;
 *   - `#` comment lines, optional `export `, spaces around `=` trimmed, `'single'` and `"double"` quotes removed;
 *   - an unquoted value loses a ` # comment` and trailing whitespace; quoted values may span lines;
 *   - double-quoted escapes (`\n`, `\t`, `\"`, `\\`, …) decoded, single-quoted only `\'` and `\\`;
 *   - `${VAR}` and `${VAR:-default}` expanded in every value (quoted or not) from earlier keys of the file, which
 *     win over the environment (override=True); an undefined `${X}` becomes ""; bare `$X` stays;
 *   - `KEY=` gives ""; a line with a key and no `=` gives `null` (set_secrets then refuses the file);
 *   - a statement that cannot be parsed is skipped from where parsing stopped to the end of that line, as
 *     python-dotenv does (after a quoted value spanning lines and followed by junk, parsing resumes on the next
 *     line after the junk, not on the value's second line), and reported.
 */
import { nullRecord, ownValue } from '../../../../shared/src/records';

import { isPyWhitespace } from '../../../../shared/src/mlrunFileProvider';

export interface DotenvEntry {
  key: string;
  /** null for a line with a key but no `=`. */
  value: string | null;
  /** 1-based line where the binding starts. */
  line: number;
}

export interface DotenvResult {
  /** In file order; a repeated key appears once, at its first position, with its last value (as a Python dict). */
  entries: DotenvEntry[];
  /** Lines python-dotenv could not parse (1-based: where the statement's text starts). */
  invalidLines: number[];
}

/** Python's `\s` (re.UNICODE; the characters `str.isspace()` accepts). */
const WS = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** Python's `[^\S\r\n]`: whitespace but line breaks. */
const HWS = '\\t\\v\\f\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const sticky = (source: string): RegExp => new RegExp(source, 'y');

const MULTILINE_WHITESPACE = sticky(`[${WS}]*`);
const EXPORT = sticky(`(?:export[${HWS}]+)?`);
const SINGLE_QUOTED_KEY = sticky("'([^']+)'");
const UNQUOTED_KEY = sticky(`([^=#${WS}]+)`);
const WHITESPACE = sticky(`[${HWS}]*`);
const EQUAL_SIGN = sticky(`(=[${HWS}]*)`);
const SINGLE_QUOTED_VALUE = sticky("'((?:\\\\'|[^'])*)'");
const DOUBLE_QUOTED_VALUE = sticky('"((?:\\\\"|[^"])*)"');
const UNQUOTED_VALUE = sticky('([^\\r\\n]*)');
const COMMENT = sticky(`(?:[${HWS}]*#[^\\r\\n]*)?`);
const END_OF_LINE = sticky(`[${HWS}]*(?:\\r\\n|\\n|\\r|$)`);
const REST_OF_LINE = sticky('[^\\r\\n]*(?:\\r|\\n|\\r\\n)?');
const POSIX_VARIABLE = /\$\{([^}:]*)(?::-([^}]*))?\}/g;

/**
 * `re.sub(r"\s+#.*", "", part).rstrip()` in linear time: cut at the first whitespace run followed by `#` (the leftmost
 * match; `.` takes the rest, as the part holds no `\n`), then strip Python whitespace on the right.
 */
function stripUnquoted(part: string): string {
  let end = part.length;
  for (let i = 0; i < part.length; i++) {
    if (!isPyWhitespace(part[i]!)) continue;
    let j = i;
    while (j < part.length && isPyWhitespace(part[j]!)) j++;
    if (part[j] === '#') {
      end = i;
      break;
    }
    i = j;
  }
  while (end > 0 && isPyWhitespace(part[end - 1]!)) end--;
  return part.slice(0, end);
}

class ParseError extends Error {}

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  hasNext(): boolean {
    return this.pos < this.text.length;
  }

  peek(): string {
    return this.text.slice(this.pos, this.pos + 1);
  }

  read(re: RegExp): string[] {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m) throw new ParseError(`pattern ${re.source} not found at ${this.pos}`);
    this.pos += m[0].length;
    return m.slice(1) as string[];
  }

  line(at = this.pos): number {
    let n = 1;
    for (let i = 0; i < at && i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '\n' || (c === '\r' && this.text[i + 1] !== '\n')) n++;
    }
    return n;
  }
}

const DOUBLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

function decodeDouble(s: string): string {
  return s.replace(/\\([\\'"abfnrtv])/g, (_m, c: string) => ownValue(DOUBLE_ESCAPES, c)!);
}

function decodeSingle(s: string): string {
  return s.replace(/\\([\\'])/g, (_m, c: string) => c);
}

function parseValue(r: Reader): string {
  const c = r.peek();
  if (c === "'") return decodeSingle(r.read(SINGLE_QUOTED_VALUE)[0]!);
  if (c === '"') return decodeDouble(r.read(DOUBLE_QUOTED_VALUE)[0]!);
  if (c === '' || c === '\n' || c === '\r') return '';
  return stripUnquoted(r.read(UNQUOTED_VALUE)[0]!);
}

/** Python's universal newlines (`open()` in text mode): `\r\n` and a lone `\r` read as `\n`. */
export function universalNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Decodes a file as `open(path, encoding="utf-8")` does: strict UTF-8, the BOM kept, universal newlines; undefined when not UTF-8. */
export function readDotenvFile(bytes: Uint8Array): string | undefined {
  try {
    return universalNewlines(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

/** Raw bindings, before interpolation. */
function parseBindings(text: string): { bindings: { key: string | null; value: string | null; line: number }[]; invalid: number[] } {
  const r = new Reader(text);
  const bindings: { key: string | null; value: string | null; line: number }[] = [];
  const invalid: number[] = [];
  while (r.hasNext()) {
    const mark = r.pos;
    try {
      r.read(MULTILINE_WHITESPACE);
      if (!r.hasNext()) break;
      const line = r.line();
      r.read(EXPORT);
      let key: string | null;
      const c = r.peek();
      if (c === '#') key = null;
      else if (c === "'") key = r.read(SINGLE_QUOTED_KEY)[0]!;
      else key = r.read(UNQUOTED_KEY)[0]!;
      r.read(WHITESPACE);
      let value: string | null = null;
      if (r.peek() === '=') {
        r.read(EQUAL_SIGN);
        value = parseValue(r);
      }
      r.read(COMMENT);
      r.read(END_OF_LINE);
      bindings.push({ key, value, line });
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      const failedAt = r.pos;
      r.pos = mark;
      r.read(MULTILINE_WHITESPACE);
      invalid.push(r.line());
      // python-dotenv goes on from where parsing stopped, not from the statement's start.
      r.pos = failedAt;
      r.read(REST_OF_LINE);
    }
  }
  return { bindings, invalid };
}

/**
 * Parses dotenv text (universal newlines applied here, so raw file text may be passed). `environment` is what `${VAR}` falls back to (python-dotenv uses `os.environ`); pass `{}`
 * to expand only from the file itself.
 */
export function parseDotenv(text: string, environment: Readonly<Record<string, string | undefined>> = {}): DotenvResult {
  const { bindings, invalid } = parseBindings(universalNewlines(text));
  const resolved = new Map<string, DotenvEntry>();
  const values = new Map<string, string | null>();
  for (const b of bindings) {
    if (b.key === null) continue;
    let value: string | null = null;
    if (b.value !== null) {
      value = b.value.replace(POSIX_VARIABLE, (_m, name: string, fallback: string | undefined) => {
        const own = values.get(name);
        if (values.has(name)) return own ?? '';
        const env = ownValue(environment, name);
        return env ?? fallback ?? '';
      });
    }
    values.set(b.key, value);
    const existing = resolved.get(b.key);
    if (existing) existing.value = value;
    else resolved.set(b.key, { key: b.key, value, line: b.line });
  }
  return { entries: [...resolved.values()], invalidLines: invalid };
}

/** The parsed file as a plain object (what `dotenv_values` returns). */
export function dotenvValues(text: string, environment: Readonly<Record<string, string | undefined>> = {}): Record<string, string | null> {
  return nullRecord(parseDotenv(text, environment).entries.map(e => [e.key, e.value] as const));
}
