/**
 * The steps of "Run Job with Secrets…": handler → project → provider → keys → target, with the handler's last
 * choices offered first (one pick re-runs them), then execute.ts.
 */
import type { Ctx } from '../../ctx';
import { parseRunJobArgs } from './args';
import { describeChoice, JobChoices, type JobChoice } from './choices';
import { executeChoice, type JobSummary } from './execute';
import { pickHandler } from './handlers';
import { pickKeys } from './keys';
import { pickProject } from './project';
import { pickProvider, providerForBackend } from './provider';
import { pickTarget } from './target';

export const RUN_AGAIN = 'Run again';
export const CHOOSE = 'Choose provider, keys and target…';

/** False (after telling the user) while the secret backends are not attached to the context yet. */
export function backendsReady(ctx: Ctx): boolean {
  if ((ctx as { backends?: unknown }).backends) return true;
  void ctx.host.showErrorMessage('MLRun Secrets: the secret stores are not available yet; try again in a moment.');
  return false;
}

export async function runJobFlow(ctx: Ctx, arg: unknown): Promise<JobSummary | undefined> {
  if (!backendsReady(ctx)) return undefined;
  const args = parseRunJobArgs(arg);
  const picked = await pickHandler(ctx, args);
  if (!picked) return undefined;
  const uri = picked.uri.toString();
  const remembered = new JobChoices(ctx.extension.workspaceState).get(uri, picked.handler);
  if (remembered && (!args.project || args.project === remembered.project)) {
    const again = await ctx.host.showQuickPick([
      { label: RUN_AGAIN, description: `project ${remembered.project}`, detail: describeChoice(remembered) },
      { label: CHOOSE, description: '', detail: 'Pick each step, starting from these choices' },
    ], { title: `Run Job with Secrets: ${picked.handler}`, placeHolder: 'Run with the last choices, or choose again' });
    if (!again) return undefined;
    if (again.label === RUN_AGAIN) return executeChoice(ctx, remembered, picked.keysRead);
  }
  const project = await pickProject(ctx, picked.uri, args.project, remembered?.project);
  if (!project) return undefined;
  const provider = await pickProvider(ctx, project, picked.folder, remembered?.provider, providerForBackend(args.backend));
  if (!provider) return undefined;
  const sameProvider = remembered && remembered.provider.kind === provider.kind && remembered.project === project;
  const keys = await pickKeys(ctx, provider, project, picked.keysRead, sameProvider ? remembered.keys : undefined);
  if (!keys) return undefined;
  const target = await pickTarget(ctx, provider, remembered?.target);
  if (!target) return undefined;
  const choice: JobChoice = { v: 1, uri, handler: picked.handler, project, provider, keys, target, at: Date.now() };
  return executeChoice(ctx, choice, picked.keysRead);
}
