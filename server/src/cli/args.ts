/** Command-line arguments of `mlrun-secrets-lint`. */
import type { Severity } from '../../../shared/src/rules';

export type Format = 'text' | 'json' | 'sarif';

export interface CliOptions {
  paths: string[];
  format: Format;
  output: string | null;
  minSeverity: Severity;
  config: string | null;
  exclude: string[];
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: mlrun-secrets-lint [options] [paths...]

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
  -h, --help                       show this help
  -v, --version                    show the version

Exit status: 0 no findings at or above --min-severity, 1 some, 2 usage or I/O error.`;

const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = { paths: [], format: 'text', output: null, minSeverity: 'warning', config: null, exclude: [], help: false, version: false };
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    if (onlyPaths || !raw.startsWith('-') || raw === '-') {
      o.paths.push(raw);
      continue;
    }
    if (raw === '--') { onlyPaths = true; continue; }
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case '-h': case '--help': o.help = true; break;
      case '-v': case '--version': o.version = true; break;
      case '-f': case '--format': {
        const v = value();
        if (!FORMATS.includes(v as Format)) throw new UsageError(`Unknown format "${v}": use text, json or sarif.`);
        o.format = v as Format;
        break;
      }
      case '-o': case '--output': o.output = value(); break;
      case '--min-severity': {
        const v = value().toLowerCase();
        const sev = v === 'info' ? 'information' : v;
        if (!SEVERITIES.includes(sev as Severity)) throw new UsageError(`Unknown severity "${v}": use error, warning, information or hint.`);
        o.minSeverity = sev as Severity;
        break;
      }
      case '-c': case '--config': o.config = value(); break;
      case '--exclude': o.exclude.push(value()); break;
      default: throw new UsageError(`Unknown option "${raw}". Run mlrun-secrets-lint --help for the options.`);
    }
  }
  if (o.paths.length === 0) o.paths.push('.');
  return o;
}
