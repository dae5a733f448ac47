/** The modal confirmation before a write that overwrites, touches an MLRun-owned key or collides ignoring case. */
import { planSet } from '../../backends/plan';
import type { Result } from '../../backends/types';
import type { SetPlan } from '../../backends/plan';
import type { Ctx } from '../../ctx';
import { podNamingWithin } from '../../podNaming';
import { showFailure } from './messages';
import { withProgress } from './progress';
import type { Target } from './target';
import { planWarnings, vaultPlan } from './writePlan';

/** The plan for writing `keys` to the target, from its keys right now. */
export async function planWrite(t: Target, keys: readonly string[], signal?: AbortSignal): Promise<Result<SetPlan>> {
  if (!t.scope) return planSet(t.backend, t.project, keys, signal);
  const existing = await t.scope.listKeys(signal);
  return existing.ok ? { ok: true, value: vaultPlan(existing.value.map(k => k.name), keys) } : existing;
}

/** The plan for writing `keys`, checked behind a progress; undefined after telling the user why it could not be. */
export async function checkWrite(ctx: Ctx, t: Target, keys: readonly string[]): Promise<SetPlan | undefined> {
  const plan = await withProgress(ctx, `Checking the keys of ${t.where}…`, signal => planWrite(t, keys, signal));
  if (plan.ok) return plan.value;
  await showFailure(ctx, `Cannot read the keys of ${t.where}`, plan.error);
  return undefined;
}

/**
 * True when the write may go ahead: nothing to warn about, or the user confirmed. `action` names the button
 * ("Overwrite", "Import", …). `extra` sentences are added to the dialog's detail.
 */
export async function confirmWrite(ctx: Ctx, t: Target, keys: readonly string[], action: string, extra: string[] = []): Promise<boolean> {
  const plan = await checkWrite(ctx, t, keys);
  if (!plan) return false;
  const naming = (await podNamingWithin(ctx, 3000)).naming;
  const warnings = planWarnings(plan, t.where, naming, t.scope ? [] : keys);
  if (warnings.length === 0 && extra.length === 0) return true;
  const [first, ...rest] = [...warnings, ...extra];
  const choice = await ctx.host.showWarningMessage(first!, { modal: true, detail: rest.join('\n\n') || undefined }, action);
  return choice === action;
}
