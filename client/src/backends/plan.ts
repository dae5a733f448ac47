/**
 * What the UI should warn about before a set, for any backend: keys that already exist (confirm before
 * overwriting), keys MLRun writes itself, and keys that collide ignoring case with another key (both would become
 * the same `MLRUN_K8S_SECRET__` variable in job pods, docs/mlrun-facts.md §4.1, §9).
 */
import { collidesWith, isMlrunOwnedKey } from '../../../shared/src/mlrun';
import { ok, type Result, type SecretBackend } from './types';

export interface SetPlan {
  /** Keys that exist and would be overwritten. */
  overwrites: string[];
  /** Keys that MLRun itself writes (datastore profiles, model monitoring). */
  mlrunOwned: string[];
  /** For each new key that collides ignoring case: the key and the keys it collides with. */
  collisions: { key: string; with: string[] }[];
}

/** Compares the keys to set with the project's current keys (no values are read). */
export async function planSet(backend: SecretBackend, project: string, keys: readonly string[], signal?: AbortSignal): Promise<Result<SetPlan>> {
  const existing = await backend.listKeys(project, signal);
  if (!existing.ok) return existing;
  return ok(planFrom(existing.value.map(k => k.name), keys));
}

/** The plan for setting `keys` where `names` exist already. Pure. */
export function planFrom(names: readonly string[], keys: readonly string[]): SetPlan {
  const all = [...new Set([...names, ...keys])];
  const plan: SetPlan = { overwrites: [], mlrunOwned: [], collisions: [] };
  for (const key of new Set(keys)) {
    if (names.includes(key)) plan.overwrites.push(key);
    if (isMlrunOwnedKey(key)) plan.mlrunOwned.push(key);
    const others = collidesWith(key, all);
    if (others.length) plan.collisions.push({ key, with: others });
  }
  return plan;
}
