/**
 * What Import Secrets from File… would store, by MLRun's `project.set_secrets(file_path=…)` rules
 * (docs/mlrun-facts.md §6.1): the file is read with python-dotenv's rules (`dotenv_values`,
 * `${VAR}` expanded from earlier keys, then the environment), a line without `=` makes MLRun refuse the whole file,
 * and `MLRUN_DBPATH` and keys starting with `V3IO_` are dropped. On top of MLRun's rules, keys the target cannot hold
 * are refused up front (MLRun's API would refuse the batch with a 400), and empty values are skipped (MLRun stores
 * them, but `get_secret` treats them as missing). Pure: values stay in the returned map, nowhere else.
 */
import { validateSecretValue } from '../../../../shared/src/mlrun';
import type { BackendKind } from '../../../../shared/src/protocol';
import { parseDotenv } from '../../backends/mlrunApi/dotenv';
import { keyProblem } from './keyRules';

export interface ImportPlan {
  /** Keys to store, in file order (a repeated key keeps its last value, as a Python dict would). */
  values: Map<string, string>;
  /** Keys MLRun drops: `MLRUN_DBPATH` and `V3IO_*`. */
  dropped: string[];
  /** Keys with an empty value (skipped). */
  empty: string[];
  /** Lines python-dotenv cannot parse (it skips them with a warning; so do we). */
  invalidLines: number[];
  /** Why nothing can be imported (empty when the file is usable). */
  errors: string[];
}

export function isDroppedByMlrun(key: string): boolean {
  return key === 'MLRUN_DBPATH' || key.startsWith('V3IO_');
}

export function planImport(text: string, kind: BackendKind, environment: Readonly<Record<string, string | undefined>>): ImportPlan {
  const parsed = parseDotenv(text, environment);
  const plan: ImportPlan = { values: new Map(), dropped: [], empty: [], invalidLines: parsed.invalidLines, errors: [] };
  for (const e of parsed.entries) {
    if (e.value === null) {
      plan.errors.push(`Line ${e.line}: "${e.key}" has no "=", and MLRun refuses such files ("env file lines must be in the form key=value").`);
      continue;
    }
    if (isDroppedByMlrun(e.key)) {
      plan.dropped.push(e.key);
      continue;
    }
    const bad = keyProblem(kind, e.key);
    if (bad) {
      const bom = e.key.startsWith('\ufeff') ? ' The file starts with a byte-order mark, which python-dotenv (and so MLRun) keeps in the first key: save the file as UTF-8 without BOM.' : '';
      plan.errors.push(`Line ${e.line}: key "${printableKey(e.key)}" cannot be stored: ${bad}${bom}`);
      continue;
    }
    if (e.value === '') {
      plan.empty.push(e.key);
      continue;
    }
    const badValue = validateSecretValue(e.value);
    if (badValue) {
      plan.errors.push(`Line ${e.line}: the value of "${e.key}" cannot be stored: ${badValue}`);
      continue;
    }
    plan.values.set(e.key, e.value);
  }
  if (plan.errors.length === 0 && plan.values.size === 0) {
    plan.errors.push(plan.dropped.length || plan.empty.length
      ? 'The file has no key to import once MLRUN_DBPATH, V3IO_* and empty values are left out.'
      : 'The file has no KEY=value line.');
  }
  return plan;
}

function printableKey(key: string): string {
  // Control characters and invisible ones (a byte-order mark python-dotenv keeps in the first key) are shown escaped.
  // eslint-disable-next-line no-control-regex
  const visible = key.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return visible.length > 60 ? `${visible.slice(0, 57)}...` : visible;
}
