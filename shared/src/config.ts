/**
 * `.mlrun-secrets.json`: the analyzer configuration at a folder root, shared by the editor and the CLI.
 *
 *   { "rules": { "MLS005": "off", "MLS001": "error" }, "exclude": ["tests/fixtures/**"], "maxFileSize": 16777216 }
 *
 * In the editor the `mlrunSecrets.rules` setting overrides `rules` per rule, `mlrunSecrets.exclude` adds to
 * `exclude` and `mlrunSecrets.maxFileSize` (when set) replaces `maxFileSize`; the CLI's `--exclude` and
 * `--max-file-size` do the same. `media/mlrun-secrets.schema.json` describes the shape for VS Code's JSON validation.
 */
import { MAX_PATTERN_LENGTH } from './glob';
import { DEFAULT_MAX_FILE_BYTES } from './limits';
import { isRuleId, RULE_IDS, RULES, type RuleId, type Severity, type SeveritySetting } from './rules';

export const CONFIG_FILE = '.mlrun-secrets.json';

/** Largest configuration file read (a real one is a few hundred bytes). */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

export interface AnalyzerConfig {
  /** Severity per rule, or `off`. Rules not listed keep their default (or computed) severity. */
  rules: Partial<Record<RuleId, SeveritySetting>>;
  /** Gitignore-syntax patterns, relative to the folder holding the configuration. */
  exclude: string[];
  /** Largest file analysed, in bytes (absent: DEFAULT_MAX_FILE_BYTES); a larger one gets an MLS012 finding. */
  maxFileSize?: number;
}

/** Largest `maxFileSize` accepted: 256 MiB (a string of a larger file strains V8 and the parser's WASM memory). */
export const MAX_FILE_SIZE_LIMIT = 256 * 1024 * 1024;

/** The size limit a configuration sets. */
export function maxFileBytes(config: AnalyzerConfig): number {
  return config.maxFileSize ?? DEFAULT_MAX_FILE_BYTES;
}

/** Why a `maxFileSize` value is refused, or undefined when it is valid. */
export function maxFileSizeProblem(v: unknown): string | undefined {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_FILE_SIZE_LIMIT) {
    return `must be a whole number of bytes from 1 to ${MAX_FILE_SIZE_LIMIT} (256 MiB), not ${JSON.stringify(v)}`;
  }
  return undefined;
}

/** Why an exclude pattern is refused, or undefined. */
export function excludeProblem(p: unknown): string | undefined {
  if (typeof p !== 'string' || p.trim() === '') return 'must be a non-empty string';
  if (p.length > MAX_PATTERN_LENGTH) return `is a pattern of ${p.length} characters, longer than the limit of ${MAX_PATTERN_LENGTH}`;
  return undefined;
}

export const EMPTY_CONFIG: AnalyzerConfig = Object.freeze({ rules: Object.freeze({}), exclude: Object.freeze([]) as unknown as string[] });

const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];

export interface ConfigParseResult {
  config: AnalyzerConfig;
  /** One sentence per problem; entries with problems are left out of `config`. */
  errors: string[];
}

/** Validates an already-parsed value (from the JSON file or from settings). */
export function configFromValue(value: unknown, where: string = CONFIG_FILE): ConfigParseResult {
  const errors: string[] = [];
  const config: AnalyzerConfig = { rules: {}, exclude: [] };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { config, errors: [`${where}: expected a JSON object like {"rules": {...}, "exclude": [...]}.`] };
  }
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === '$schema') continue;
    if (key === 'rules') {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) {
        errors.push(`${where}: "rules" must be an object mapping rule ids (${RULE_IDS[0]}–${RULE_IDS[RULE_IDS.length - 1]}) to a severity or "off".`);
        continue;
      }
      for (const [id, sev] of Object.entries(v as Record<string, unknown>)) {
        const rule = id.toUpperCase();
        if (!isRuleId(rule)) {
          errors.push(`${where}: unknown rule "${id}" in "rules" (known: ${Object.keys(RULES).join(', ')}).`);
        } else if (typeof sev !== 'string' || !SEVERITY_SETTINGS.includes(sev as SeveritySetting)) {
          errors.push(`${where}: rule ${rule} has severity ${JSON.stringify(sev)}; use one of ${SEVERITY_SETTINGS.map(s => `"${s}"`).join(', ')}.`);
        } else {
          config.rules[rule] = sev as SeveritySetting;
        }
      }
    } else if (key === 'exclude') {
      if (!Array.isArray(v)) {
        errors.push(`${where}: "exclude" must be an array of glob patterns (gitignore syntax).`);
        continue;
      }
      v.forEach((p: unknown, i) => {
        const problem = excludeProblem(p);
        if (problem) errors.push(`${where}: "exclude"[${i}] ${problem}.`);
        else config.exclude.push(p as string);
      });
    } else if (key === 'maxFileSize') {
      const problem = maxFileSizeProblem(v);
      if (problem) errors.push(`${where}: "maxFileSize" ${problem}.`);
      else config.maxFileSize = v as number;
    } else {
      errors.push(`${where}: unknown setting "${key}" (allowed: "rules", "exclude", "maxFileSize").`);
    }
  }
  return { config, errors };
}

/** "line L, column C" of an offset. */
function lineColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) { line++; start = i + 1; }
  return `line ${line}, column ${offset - start + 1}`;
}

/** Parses the text of `.mlrun-secrets.json`. */
export function parseConfig(text: string, where: string = CONFIG_FILE): ConfigParseResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    // V8's message quotes the text around the error: give only where it is (the file may hold anything).
    const m = (e as Error).message;
    const at = /^(.*?) (?:in|after) JSON at position (\d+)/.exec(m);
    const why = at ? `: ${at[1].replace(/^./, c => c.toLowerCase())} at ${lineColumn(body, Number(at[2]))}`
      : /end of JSON input/.test(m) ? ': it ends too early' : /^Unexpected token/.test(m) ? ': an unexpected character' : '';
    return { config: { rules: {}, exclude: [] }, errors: [`${where}: not valid JSON${why}.`] };
  }
  return configFromValue(value, where);
}

/** `override.rules` win per rule; `override.exclude` is added to `base.exclude`; `override.maxFileSize` wins. */
export function mergeConfig(base: AnalyzerConfig, override: Partial<AnalyzerConfig> | undefined): AnalyzerConfig {
  if (!override) return base;
  const maxFileSize = override.maxFileSize ?? base.maxFileSize;
  return {
    rules: { ...base.rules, ...(override.rules ?? {}) },
    exclude: [...base.exclude, ...(override.exclude ?? [])],
    ...(maxFileSize !== undefined ? { maxFileSize } : {}),
  };
}

/**
 * The severity a finding is reported with: the configured one when the rule is configured, else the severity the
 * analyzer computed for it (the rule's default, or e.g. `error` for MLS002 with literal values).
 */
export function effectiveSeverity(rule: RuleId, computed: Severity, config: AnalyzerConfig): Severity | 'off' {
  const configured = config.rules[rule];
  return configured ?? computed;
}
