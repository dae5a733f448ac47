/** Step 3: where the values come from (the table rows). */
import * as vscode from 'vscode';
import { projectSecretName } from '../../../../shared/src/mlrun';
import { setting } from '../../config';
import type { BackendKind } from '../../../../shared/src/protocol';
import type { Ctx } from '../../ctx';
import type { ProviderChoice, ProviderKindChoice } from '../../jobs/types';

/** Labels of the provider picker (tests pick by label). */
export const PROVIDER_LABELS: Record<ProviderKindChoice, string> = {
  kubernetes: 'Kubernetes project secrets',
  azure_vault: 'Azure Key Vault',
  local: 'Local store',
  inline: 'Inline values',
  env: 'Environment variables',
  file: 'File',
};

function detail(kind: ProviderKindChoice, project: string): string {
  switch (kind) {
    case 'kubernetes': return `Secret ${projectSecretName(project, setting('kubernetes.projectSecretName') || undefined)}; MLRun's secure provider — values stay in the cluster for remote runs`;
    case 'azure_vault': return `A vault added for project "${project}"; remote runs read it with the credentials Secret`;
    case 'local': return "This machine's VS Code secret storage";
    case 'inline': return 'Typed now (masked), for this run only';
    case 'env': return "Variables of the extension host's environment (MLRun's env provider)";
    case 'file': return "KEY=value lines, read with MLRun's file provider rules";
  }
}

async function pickVault(ctx: Ctx, project: string, remembered?: ProviderChoice): Promise<ProviderChoice | undefined> {
  const azure = await ctx.backends.azure();
  if (!azure.ok) {
    void ctx.host.showErrorMessage(`MLRun Secrets: ${azure.error.message}`);
    return undefined;
  }
  const vaults = azure.value.listVaults(project);
  if (!vaults.ok) {
    void ctx.host.showErrorMessage(`MLRun Secrets: ${vaults.error.message}`);
    return undefined;
  }
  if (vaults.value.length === 0) {
    void ctx.host.showErrorMessage(`MLRun Secrets: no Azure Key Vault is added for project "${project}". Add one with "MLRun Secrets: Add Azure Key Vault…".`);
    return undefined;
  }
  const last = remembered?.kind === 'azure_vault' ? remembered.vault : undefined;
  const ordered = [...vaults.value].sort((a, b) => Number(b === last) - Number(a === last));
  const vault = ordered.length === 1 ? ordered[0] : (await ctx.host.showQuickPick(ordered.map(v => ({ label: v, description: v === last ? 'last used' : '' })), {
    title: 'Run Job with Secrets (3/5): vault', placeHolder: `Azure Key Vault of project "${project}"`,
  }))?.label;
  if (!vault) return undefined;
  const k8sSecret = (remembered?.kind === 'azure_vault' && remembered.vault === vault ? remembered.k8sSecret : undefined) || setting('azure.credentialSecret').trim() || undefined;
  return k8sSecret ? { kind: 'azure_vault', vault, k8sSecret } : { kind: 'azure_vault', vault };
}

async function pickFile(ctx: Ctx, folder: vscode.WorkspaceFolder, remembered?: ProviderChoice): Promise<ProviderChoice | undefined> {
  const picked = await ctx.host.showOpenDialog({
    title: 'Run Job with Secrets (3/5): secrets file (KEY=value lines)',
    canSelectFiles: true, canSelectFolders: false, canSelectMany: false,
    defaultUri: remembered?.kind === 'file' ? vscode.Uri.file(remembered.path) : folder.uri,
    openLabel: 'Use This File',
  });
  const file = picked?.[0];
  if (!file) return undefined;
  if (file.scheme !== 'file') {
    void ctx.host.showErrorMessage('MLRun Secrets: the secrets file must be on this machine\'s disk.');
    return undefined;
  }
  return { kind: 'file', path: file.fsPath };
}

/** The provider a tree node's backend suggests (a project node under Kubernetes suggests its project Secret). */
export function providerForBackend(backend: BackendKind | undefined): ProviderKindChoice | undefined {
  return backend === 'local' ? 'local' : backend === 'azure' ? 'azure_vault' : backend ? 'kubernetes' : undefined;
}

export async function pickProvider(ctx: Ctx, project: string, folder: vscode.WorkspaceFolder, remembered?: ProviderChoice, suggested?: ProviderKindChoice): Promise<ProviderChoice | undefined> {
  const kinds = Object.keys(PROVIDER_LABELS) as ProviderKindChoice[];
  const first = remembered?.kind ?? suggested;
  if (first) kinds.sort((a, b) => Number(b === first) - Number(a === first));
  const picked = await ctx.host.showQuickPick(kinds.map(kind => ({
    label: PROVIDER_LABELS[kind],
    description: kind === remembered?.kind ? 'last used' : '',
    detail: detail(kind, project),
    provider: kind,
  })), { title: 'Run Job with Secrets (3/5): secret provider', placeHolder: 'Where the job\'s secrets come from', matchOnDetail: true });
  if (!picked) return undefined;
  switch (picked.provider) {
    case 'azure_vault': return pickVault(ctx, project, remembered);
    case 'file': return pickFile(ctx, folder, remembered);
    default: return { kind: picked.provider } as ProviderChoice;
  }
}
