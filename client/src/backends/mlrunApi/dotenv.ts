/**
 * A dotenv parser with python-dotenv 1.2.2's rules (../shared/mlrun-secrets.md §2.6, §6.1, Errata E5), which the
 * MLRun SDK uses both for its env file (`MLRUN_ENV_FILE` / `~/.mlrun.env`, `load_dotenv(override=True)`) and for
 * `project.set_secrets(file_path=...)` (`dotenv_values`):
 *   - `#` comment lines, optional `export `, spaces around `=` trimmed, `'single'` and `"double"` quotes removed;
 *   - an unquoted value loses a ` # comment` and trailing spaces; quoted values may span lines;
 *   - double-quoted escapes (`\n`, `\t`, `\"`, `\\`, …) decoded, single-quoted only `\'` and `\\`;
 *   - `${VAR}` and `${VAR:-default}` expanded in every value (quoted or not) from earlier keys of the file, which
 *     win over the environment (override=True); an undefined `${X}` becomes ""; bare `$X` stays;
 *   - `KEY=` gives ""; a line with a key and no `=` gives `null` (set_secrets then refuses the file);
 *   - a line that cannot be parsed is skipped and reported (python-dotenv warns and skips it).
 */
import { nullRecord, ownValue } from '../../../../shared/src/records';

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
  /** Lines python-dotenv could not parse (1-based). */
  invalidLines: number[];
}

const MULTILINE_WHITESPACE = /\s*/y;
const EXPORT = /(?:export[^\S\r\n]+)?/y;
const SINGLE_QUOTED_KEY = /'([^']+)'/y;
const UNQUOTED_KEY = /([^=#\s]+)/y;
const WHITESPACE = /[^\S\r\n]*/y;
const EQUAL_SIGN = /(=[^\S\r\n]*)/y;
const SINGLE_QUOTED_VALUE = /'((?:\\'|[^'])*)'/y;
const DOUBLE_QUOTED_VALUE = /"((?:\\"|[^"])*)"/y;
const UNQUOTED_VALUE = /([^\r\n]*)/y;
const COMMENT = /(?:[^\S\r\n]*#[^\r\n]*)?/y;
const END_OF_LINE = /[^\S\r\n]*(?:\r\n|\n|\r|$)/y;
const REST_OF_LINE = /[^\r\n]*(?:\r|\n|\r\n)?/y;
const POSIX_VARIABLE = /\$\{([^}:]*)(?::-([^}]*))?\}/g;

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
  const part = r.read(UNQUOTED_VALUE)[0]!;
  return part.replace(/\s+#.*/s, '').replace(/\s+$/, '');
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
      r.pos = mark;
      r.read(MULTILINE_WHITESPACE);
      invalid.push(r.line());
      r.read(REST_OF_LINE);
    }
  }
  return { bindings, invalid };
}

/**
 * Parses dotenv text. `environment` is what `${VAR}` falls back to (python-dotenv uses `os.environ`); pass `{}`
 * to expand only from the file itself.
 */
export function parseDotenv(text: string, environment: Readonly<Record<string, string | undefined>> = {}): DotenvResult {
  const { bindings, invalid } = parseBindings(text);
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
