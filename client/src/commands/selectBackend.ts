/**
 * Select Backend… (also the status bar item): which store the palette commands use (`mlrunSecrets.backend`). When
 * the chosen store is not set up yet, goes on to what sets it up (context, endpoint or vault).
 */
import { Commands, type CommandId } from '../../../shared/src/ids';
import * as vscode from 'vscode';
import type { BackendKind } from '../../../shared/src/protocol';
import { BACKEND_KINDS, BACKEND_LABELS, isBackendKind } from '../backendKinds';
import { resolveMlrunEndpoint } from '../backends/mlrunApi/endpoint';
import { setting, updateMachineSetting } from '../config';
import type { CommandFactory } from './command';

const DETAILS: Record<BackendKind, string> = {
  local: "VS Code's SecretStorage on this machine, for local runs; no cluster needed",
  kubernetes: 'The project Secrets mlrun-project-secrets-<project>, through your kubeconfig',
  mlrunApi: 'Project secrets through the MLRun API (MLRUN_DBPATH)',
  azure: "Azure Key Vaults you add per project (MLRun's azure_vault provider)",
};

/** Whether a backend still needs setting up, and the command that does it. */
function setupCommand(kind: BackendKind): CommandId | undefined {
  switch (kind) {
    case 'local':
      return undefined;
    case 'kubernetes':
      return setting('kubernetes.kubeconfig').trim() || setting('kubernetes.context').trim() ? undefined : Commands.selectContext;
    case 'mlrunApi': {
      const ep = resolveMlrunEndpoint({ setting: setting('mlrunApi.endpoint') });
      return ep.ok && ep.value ? undefined : Commands.selectEndpoint;
    }
    case 'azure':
      return Object.values(setting('azure.vaults') ?? {}).some(v => Array.isArray(v) && v.length) ? undefined : Commands.addVault;
  }
}

export const selectBackend: CommandFactory = ctx => ({
  id: Commands.selectBackend,
  title: 'Select Backend…',
  async run(arg?: unknown) {
    const active = ctx.backends.active();
    let kind: BackendKind | undefined = isBackendKind(arg) ? arg : undefined;
    if (!kind) {
      const picked = await ctx.host.showQuickPick(BACKEND_KINDS.map(k => ({
        label: `${k === active ? '$(check) ' : ''}${BACKEND_LABELS[k]}`,
        description: k === active ? 'active' : setupCommand(k) ? 'not set up yet' : undefined,
        detail: DETAILS[k],
        backend: k,
      })), { title: 'MLRun Secrets: backend for Set Secret… and the other commands', placeHolder: 'Where project secrets live' });
      if (!picked) return undefined;
      kind = picked.backend;
    }
    if (kind !== active) {
      await updateMachineSetting('backend', kind);
      ctx.log.info(`active backend: ${kind}`);
    }
    const next = setupCommand(kind);
    if (next) await vscode.commands.executeCommand(next);
    return kind;
  },
});
