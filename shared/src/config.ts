/**
 * `.mlrun-secrets.json`: the analyzer configuration at a folder root, shared by the editor and the CLI.
 *
 *   { "rules": { "MLS005": "off", "MLS001": "error" }, "exclude": ["tests/fixtures/**"] }
 *
 * In the editor the `mlrunSecrets.rules` setting overrides `rules` per rule and `mlrunSecrets.exclude` adds to
 * `exclude`. `media/mlrun-secrets.schema.json` describes the same shape for VS Code's JSON validation.
 */
import { isRuleId, RULES, type RuleId, type Severity, type SeveritySetting } from './rules';

export const CONFIG_FILE = '.mlrun-secrets.json';

export interface AnalyzerConfig {
  /** Severity per rule, or `off`. Rules not listed keep their default (or computed) severity. */
  rules: Partial<Record<RuleId, SeveritySetting>>;
  /** Gitignore-syntax patterns, relative to the folder holding the configuration. */
  exclude: string[];
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
        errors.push(`${where}: "rules" must be an object mapping rule ids (MLS000–MLS007) to a severity or "off".`);
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
      v.forEach((p, i) => {
        if (typeof p !== 'string' || p.trim() === '') errors.push(`${where}: "exclude"[${i}] must be a non-empty string.`);
        else config.exclude.push(p);
      });
    } else {
      errors.push(`${where}: unknown setting "${key}" (allowed: "rules", "exclude").`);
    }
  }
  return { config, errors };
}

/** Parses the text of `.mlrun-secrets.json`. */
export function parseConfig(text: string, where: string = CONFIG_FILE): ConfigParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { config: { rules: {}, exclude: [] }, errors: [`${where}: not valid JSON (${(e as Error).message}).`] };
  }
  return configFromValue(value, where);
}

/** `override.rules` win per rule; `override.exclude` is added to `base.exclude`. */
export function mergeConfig(base: AnalyzerConfig, override: Partial<AnalyzerConfig> | undefined): AnalyzerConfig {
  if (!override) return base;
  return {
    rules: { ...base.rules, ...(override.rules ?? {}) },
    exclude: [...base.exclude, ...(override.exclude ?? [])],
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
