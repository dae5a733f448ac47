/**
 * Pre-flight: every key the handler reads (and every chosen key) exists in the chosen provider, or the user is
 * offered to create the missing ones. Creation is delegated to `mlrunSecrets.setSecret` with
 * `{ backend, project, key, vault? }` — one call per missing key, the value typed in that command's masked box.
 */
import { Commands } from '../../../../shared/src/ids';
import * as vscode from 'vscode';
import type { Ctx } from '../../ctx';
import type { ProviderChoice, TargetKind } from '../../jobs/types';
import { providerLabel } from './choices';
import type { SetSecretRequest } from '../support/setSecretArgs';
import { availableKeys, storeBackendFor } from './keys';

export const CREATE_MISSING = 'Create Missing Keys…';
export const RUN_ANYWAY = 'Run Anyway';

/** Arguments `mlrunSecrets.runJob` passes to `mlrunSecrets.setSecret` for each missing key. */
export type SetSecretArgs = SetSecretRequest;

export async function preflight(ctx: Ctx, provider: ProviderChoice, project: string, keys: string[], keysRead: string[] | undefined, target: TargetKind): Promise<boolean> {
  const wanted = [...new Set([...(keysRead ?? []), ...keys])];
  if (provider.kind === 'inline' || wanted.length === 0) return true;
  for (let round = 0; round < 3; round++) {
    const available = await availableKeys(ctx, provider, project, target);
    if (!available.ok) {
      void ctx.host.showErrorMessage(`MLRun Secrets: cannot check the keys of ${providerLabel(provider)}: ${available.error.message}`);
      return false;
    }
    const held = new Set(available.value);
    const missing = wanted.filter(k => !held.has(k));
    if (missing.length === 0) return true;
    const backend = await storeBackendFor(ctx, provider, target);
    const where = provider.kind === 'env' ? "the extension host's environment" : provider.kind === 'file' ? 'the file' : `${providerLabel(provider)} of project "${project}"`;
    const read = missing.filter(k => keysRead?.includes(k));
    const message = `${missing.length === 1 ? `"${missing[0]}" is` : `${missing.length} keys are`} not in ${where}${read.length ? ' and the handler reads them' : ''}: ${missing.join(', ')}.`;
    const actions = backend ? [CREATE_MISSING, RUN_ANYWAY] : [RUN_ANYWAY];
    const choice = await ctx.host.showWarningMessage(`MLRun Secrets: ${message}`, { modal: true, detail: 'MLRun skips missing keys silently; a handler that needs one fails.' }, ...actions);
    if (choice === RUN_ANYWAY) return true;
    if (choice !== CREATE_MISSING || !backend) return false;
    for (const key of missing) {
      const args: SetSecretArgs = { backend, project, key, ...(provider.kind === 'azure_vault' ? { vault: provider.vault } : {}) };
      try {
        await vscode.commands.executeCommand(Commands.setSecret, args);
      } catch (e) {
        void ctx.host.showErrorMessage(`MLRun Secrets: could not start "Set Secret…" for ${key}: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      }
    }
  }
  return false;
}
