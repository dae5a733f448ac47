/**
 * The rule catalogue: stable ids, names, default severities and documentation links.
 * The analyzer, the language server, the CLI (text / JSON / SARIF) and the README all use this table.
 */
export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

export type RuleId =
  | 'MLS000' | 'MLS001' | 'MLS002' | 'MLS003' | 'MLS004' | 'MLS005' | 'MLS006' | 'MLS007'
  | 'MLS008' | 'MLS009' | 'MLS010' | 'MLS011' | 'MLS012';

export interface RuleInfo {
  id: RuleId;
  name: string;
  defaultSeverity: Severity;
  /** One line: what the rule finds. */
  summary: string;
  /** What to do instead (the diagnostic message ends with it). */
  fix: string;
}

export const README_URL = 'https://github.com/mlrun-secrets/mlrun-secrets/blob/main/README.md';

export const RULES: Readonly<Record<RuleId, RuleInfo>> = {
  MLS000: {
    id: 'MLS000', name: 'suppression-without-reason', defaultSeverity: 'information',
    summary: 'A suppression comment gives no reason.',
    fix: 'Say why the finding does not apply after the bracket, e.g. `# mlrun-secrets: ignore[MLS001] test fixture`.',
  },
  MLS001: {
    id: 'MLS001', name: 'insecure-provider', defaultSeverity: 'warning',
    summary: 'A secret source of kind inline, env or file does not keep values confidential.',
    fix: 'Store the values as project secrets and use with_secrets("kubernetes", [...]) (or azure_vault).',
  },
  MLS002: {
    id: 'MLS002', name: 'set-secrets-in-code', defaultSeverity: 'warning',
    summary: 'project.set_secrets(...) is a one-time setup call that must not stay in committed code.',
    fix: 'Set the secrets once (MLRun Secrets: Set Secret…, the MLRun UI or a script kept out of git) and remove the call.',
  },
  MLS003: {
    id: 'MLS003', name: 'hardcoded-secret', defaultSeverity: 'error',
    summary: 'A string literal is used as a secret value.',
    fix: 'Move the value into project secrets and read it with context.get_secret("KEY").',
  },
  MLS004: {
    id: 'MLS004', name: 'unknown-secret-key', defaultSeverity: 'warning',
    summary: "The key is not among the selected project's secrets.",
    fix: 'Create the key (MLRun Secrets: Set Secret…) or fix its spelling.',
  },
  MLS005: {
    id: 'MLS005', name: 'local-run-without-project-secrets', defaultSeverity: 'information',
    summary: 'Local runs (local=True) get no project secrets.',
    fix: 'Read values with mlrun.get_secret_or_env("KEY") and supply them locally (MLRun Secrets: Run Job with Secrets…).',
  },
  MLS006: {
    id: 'MLS006', name: 'azure-vault-source-invalid', defaultSeverity: 'error',
    summary: 'An azure_vault source lacks name or secrets, or its secrets is not a list.',
    fix: 'Pass {"name": "<vault>", "k8s_secret": "<credentials Secret>", "secrets": [...]}.',
  },
  MLS007: {
    id: 'MLS007', name: 'secrets-file-in-repo', defaultSeverity: 'error',
    summary: 'The secrets file is tracked by git or not ignored by it.',
    fix: 'Remove the file from git, add it to .gitignore, and import its values as project secrets.',
  },
  MLS008: {
    id: 'MLS008', name: 'datastore-profile-literal-credential', defaultSeverity: 'error',
    summary: 'A datastore profile is given a literal credential (password, secret key, access key, token…).',
    fix: 'Store the value as a project secret and pass mlrun.get_secret_or_env("KEY") instead of the literal.',
  },
  MLS009: {
    id: 'MLS009', name: 'secret-env-literal', defaultSeverity: 'error',
    summary: 'A secret-named environment variable is given a literal value.',
    fix: 'Store the value as a project secret and use fn.set_env_from_secret(...) (in YAML: valueFrom.secretKeyRef).',
  },
  MLS010: {
    id: 'MLS010', name: 'committed-env-file', defaultSeverity: 'error',
    summary: 'An env file holding secret values is tracked by git or not ignored by it.',
    fix: 'Remove the file from git, add it to .gitignore, and import its values as project secrets.',
  },
  MLS011: {
    id: 'MLS011', name: 'connection-string-password', defaultSeverity: 'error',
    summary: 'A connection string embeds a password (scheme://user:password@host).',
    fix: 'Store the password (or the whole URL) as a project secret and read it with mlrun.get_secret_or_env("KEY").',
  },
  MLS012: {
    id: 'MLS012', name: 'analysis-incomplete', defaultSeverity: 'information',
    summary: 'The document could not be analysed in full (too large, too deeply nested, unreadable or rejected by the parser), so findings may be missing.',
    fix: 'Split or simplify the file, or raise the limit named in the message; other files are analysed as usual.',
  },
};

export const RULE_IDS = Object.keys(RULES) as RuleId[];

/** README anchor of a rule: the heading "### MLS001 insecure-provider" → #mls001-insecure-provider. */
export function ruleDocUrl(id: RuleId): string {
  return `${README_URL}#${id.toLowerCase()}-${RULES[id].name}`;
}

export function isRuleId(s: string): s is RuleId {
  return Object.prototype.hasOwnProperty.call(RULES, s);
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** True when `s` is at least as severe as `min`. */
export function atLeast(s: Severity, min: Severity): boolean {
  return ORDER[s] <= ORDER[min];
}
