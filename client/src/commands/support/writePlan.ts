/**
 * What to tell the user before a write, from the key names a target already has (pure; no `vscode`):
 * live hints for the key input box, and the sentences of the confirmation before overwriting, changing a key MLRun
 * owns, or adding a key that collides ignoring case (docs/mlrun-facts.md §1.4, §4.1, §9) — which matters only
 * where job pods upper-case (MLRun 1.7 and earlier) — or, from MLRun 1.8 on, a key whose variable would replace one
 * of the pod's own (`naming`: how the job pods' MLRun names variables, podNaming.ts).
 */
import { caseMatters, collidesWith, envNameForKey, isMlrunOwnedKey, podVariableProblem, type EnvNaming } from '../../../../shared/src/mlrun';
import type { BackendKind } from '../../../../shared/src/protocol';
import type { SetPlan } from '../../backends/plan';
import { keyProblem } from './keyRules';
import { listNames } from './messages';

export interface KeyHint {
  severity: 'error' | 'warning';
  message: string;
}

function bothBecome(key: string, naming: EnvNaming): string {
  return `in job pods both become ${envNameForKey(key)}${naming === 'both' ? ' under MLRun 1.7 and earlier (the job pods\' MLRun version is unknown; 1.8+ keeps them apart)' : ''}`;
}

/** The message under the key input box while typing: an error (cannot be stored) or a warning. */
export function keyHint(kind: BackendKind, key: string, existing: readonly string[], naming: EnvNaming = 'prefixed'): KeyHint | undefined {
  if (key.length === 0) return { severity: 'error', message: 'Type a key, e.g. DB_PASSWORD.' };
  const bad = keyProblem(kind, key);
  if (bad) return { severity: 'error', message: bad };
  if (kind === 'azure') {
    const same = existing.find(k => k.toLowerCase() === key.toLowerCase());
    if (same) return { severity: 'warning', message: `"${same}" exists (Key Vault names ignore case): its value will be replaced by a new version after you confirm.` };
    return undefined;
  }
  if (existing.includes(key)) return { severity: 'warning', message: `"${key}" exists: its value will be overwritten after you confirm.` };
  const twins = collidesWith(key, existing, naming);
  if (twins.length) return { severity: 'warning', message: `Differs only in case from ${listNames(twins)}: ${bothBecome(key, naming)}.` };
  const shadow = podVariableProblem(key, naming);
  if (shadow) return { severity: 'warning', message: shadow };
  if (isMlrunOwnedKey(key)) return { severity: 'warning', message: 'MLRun writes this key itself (datastore profile or model monitoring).' };
  return undefined;
}

/** The plan for a vault: Key Vault names ignore case, so a twin is an overwrite; no MLRun env collisions. */
export function vaultPlan(existing: readonly string[], keys: readonly string[]): SetPlan {
  const lower = new Map(existing.map(k => [k.toLowerCase(), k]));
  return { overwrites: keys.filter(k => lower.has(k.toLowerCase())), mlrunOwned: [], collisions: [] };
}

/**
 * The sentences of the confirmation, or an empty list when nothing needs confirming. `keys` (the keys written) get
 * the pod-variable warning of MLRun 1.8+; pass none for a vault (its secrets never become variables).
 */
export function planWarnings(plan: SetPlan, where: string, naming: EnvNaming = 'prefixed', keys: readonly string[] = []): string[] {
  const out: string[] = [];
  if (plan.overwrites.length === 1) out.push(`"${plan.overwrites[0]}" already exists in ${where}; its current value will be replaced.`);
  else if (plan.overwrites.length > 1) out.push(`${listNames(plan.overwrites)} already exist in ${where}; their current values will be replaced.`);
  if (plan.mlrunOwned.length) {
    out.push(`${listNames(plan.mlrunOwned)} ${plan.mlrunOwned.length === 1 ? 'is a key' : 'are keys'} MLRun writes itself (datastore profiles, model monitoring); changing ${plan.mlrunOwned.length === 1 ? 'it' : 'them'} can break that feature.`);
  }
  if (caseMatters(naming)) {
    for (const c of plan.collisions) out.push(`"${c.key}" differs only in case from ${listNames(c.with)}: ${bothBecome(c.key, naming)}, and only one value reaches the job.`);
  }
  for (const key of new Set(keys)) {
    const shadow = podVariableProblem(key, naming);
    if (shadow) out.push(shadow);
  }
  return out;
}
