/** Command-line arguments of `mlrun-secrets-lint`, read with Node's `util.parseArgs`. */
import { parseArgs as nodeParseArgs } from 'node:util';
import { excludeProblem, maxFileSizeProblem } from '../../../shared/src/config';
import type { Severity } from '../../../shared/src/rules';

export type Format = 'text' | 'json' | 'sarif';

export interface CliOptions {
  paths: string[];
  format: Format;
  output: string | null;
  minSeverity: Severity;
  config: string | null;
  exclude: string[];
  /** `--max-file-size` in bytes, null when not given. */
  maxFileSize: number | null;
  help: boolean;
  version: boolean;
  /** `--history`: scan the commits of the revision range in `paths` (HEAD when empty) instead of files. */
  history: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: mlrun-secrets-lint [options] [paths...]
       mlrun-secrets-lint --history [options] [revision range...]

Finds MLRun secrets handled unsafely in Python files, Jupyter notebooks, Markdown code
blocks and MLRun YAML (inline/env/file providers, set_secrets in code, hard-coded values,
invalid azure_vault sources, secrets files in git). Paths default to ".". Directories are
searched recursively, respecting .gitignore and .mlrun-secrets.json.

Options:
  -f, --format <text|json|sarif>   output format (default: text)
  -o, --output <file>              write the report to a file instead of stdout
      --min-severity <level>       report, and fail on, findings at or above this level:
                                   error, warning, information or hint (default: warning)
  -c, --config <file>              configuration file (default: the nearest
                                   .mlrun-secrets.json from the working directory up to the
                                   repository root)
      --exclude <glob>             skip paths matching this gitignore-style pattern
                                   (repeatable; relative to the working directory)
      --max-file-size <size>       largest file analysed, in bytes or with K, M or G
                                   (default: maxFileSize of the configuration, else 8M);
                                   a larger file gets an MLS012 finding and a line on stderr
      --history                    scan every commit reachable from HEAD (or from the range
                                   given, e.g. main..HEAD) for committed secret values:
                                   each finding names the commit, author date, path, line,
                                   rule and key; paths are relative to the repository root
  -h, --help                       show this help
  -v, --version                    show the version

Exit status: 0 no findings at or above --min-severity, 1 some, 2 usage or I/O error.
A file that is not analysed (too large, not a regular file, a symbolic link out of the
folder scanned, unreadable) is named on stderr whatever --min-severity says.`;

const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

const OPTIONS = {
  'help': { type: 'boolean', short: 'h' },
  'version': { type: 'boolean', short: 'v' },
  'format': { type: 'string', short: 'f' },
  'output': { type: 'string', short: 'o' },
  'min-severity': { type: 'string' },
  'config': { type: 'string', short: 'c' },
  'exclude': { type: 'string', multiple: true },
  'max-file-size': { type: 'string' },
  'history': { type: 'boolean' },
} as const;

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** "8388608", "512k", "16M", "1GiB" → bytes. */
function parseSize(v: string): number {
  const m = /^(\d+)\s*(?:([kmg])(?:i?b)?|(b))?$/i.exec(v.trim());
  const bytes = m ? Number(m[1]) * UNITS[(m[2] ?? m[3] ?? '').toLowerCase()] : NaN;
  const problem = maxFileSizeProblem(bytes);
  if (problem) throw new UsageError(`--max-file-size "${v}": give a size such as 16M or 16777216 (from 1 byte to 256M).`);
  return bytes;
}

function short(v: string): string {
  return v.length > 60 ? `${v.slice(0, 60)}…` : v;
}

export function parseArgs(argv: readonly string[]): CliOptions {
  // Not strict: its errors are checked here, token by token, to say them in this tool's words.
  const { tokens, positionals } = nodeParseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const o: CliOptions = { paths: [...positionals], format: 'text', output: null, minSeverity: 'warning', config: null, exclude: [], maxFileSize: null, help: false, version: false, history: false };
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    if (!Object.prototype.hasOwnProperty.call(OPTIONS, t.name)) throw new UsageError(`Unknown option "${t.rawName}". Run mlrun-secrets-lint --help for the options.`);
    const name = t.name as keyof typeof OPTIONS;
    if (OPTIONS[name].type === 'boolean') {
      if (t.value !== undefined) throw new UsageError(`${t.rawName} takes no value.`);
      if (name === 'help') o.help = true;
      else if (name === 'history') o.history = true;
      else o.version = true;
      continue;
    }
    const v = t.value;
    if (v === undefined) throw new UsageError(`${t.rawName} needs a value.`);
    switch (name) {
      case 'format':
        if (!FORMATS.includes(v as Format)) throw new UsageError(`Unknown format "${short(v)}": use text, json or sarif.`);
        o.format = v as Format;
        break;
      case 'output': o.output = v; break;
      case 'min-severity': {
        const sev = v.toLowerCase() === 'info' ? 'information' : v.toLowerCase();
        if (!SEVERITIES.includes(sev as Severity)) throw new UsageError(`Unknown severity "${short(v)}": use error, warning, information or hint.`);
        o.minSeverity = sev as Severity;
        break;
      }
      case 'config': o.config = v; break;
      case 'exclude': {
        const problem = excludeProblem(v);
        if (problem) throw new UsageError(`--exclude "${short(v)}" ${problem}.`);
        o.exclude.push(v);
        break;
      }
      case 'max-file-size': o.maxFileSize = parseSize(v); break;
    }
  }
  if (o.paths.length === 0 && !o.history) o.paths.push('.');
  return o;
}
