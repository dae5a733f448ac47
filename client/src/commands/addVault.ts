/**
 * Add Azure Key Vault…: adds a vault to a project in `mlrunSecrets.azure.vaults` (machine settings). Vaults named in
 * the workspace's code (`with_secrets("azure_vault", {"name": …})`, from the language server) are offered as
 * suggestions; nothing is contacted until the user added one. A suggestion's `k8s_secret` is offered as the
 * credential Secret when none is set.
 */
import { Commands } from '../../../shared/src/ids';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { validateProjectName, validateVaultName } from '../../../shared/src/mlrun';
import { VaultSources, type VaultSource } from '../../../shared/src/protocol';
import { addVault as withVault, vaultSuggestions, type VaultsSetting } from '../backends/azure/vaultSettings';
import { setting, updateMachineSetting } from '../config';
import type { Ctx } from '../ctx';
import type { CommandFactory } from './command';
import { scopeOf } from './support/target';

const OTHER_PROJECT = '$(add) Another project…';
const TYPE_VAULT = '$(edit) Type a vault name…';

export const addVault: CommandFactory = ctx => ({
  id: Commands.addVault,
  title: 'Add Azure Key Vault…',
  async run(node?: unknown) {
    const project = scopeOf(node)?.project ?? await pickProject(ctx);
    if (!project) return undefined;
    const current = (setting('azure.vaults') ?? {}) as VaultsSetting;
    const suggestions = vaultSuggestions(await vaultSources(ctx), current, project);
    const items = [
      ...suggestions.map(s => ({
        label: s.name,
        description: s.added ? 'already added' : s.problem ? 'not a valid vault name' : `found in ${s.uris.map(u => path.basename(vscode.Uri.parse(u).path)).join(', ')}`,
        detail: s.problem ?? (s.k8sSecrets.length ? `k8s_secret: ${s.k8sSecrets.join(', ')}` : undefined),
        suggestion: s,
      })),
      { label: TYPE_VAULT, description: 'e.g. team-vault (https://team-vault.vault.azure.net)', suggestion: undefined },
    ];
    const picked = suggestions.length
      ? await ctx.host.showQuickPick(items, { title: `Add Azure Key Vault to project "${project}"`, placeHolder: 'Vaults named in this workspace\'s code, or type one (nothing is contacted until you add it)', ignoreFocusOut: true })
      : items[items.length - 1];
    if (!picked) return undefined;
    if (picked.suggestion?.added) {
      void ctx.host.showInformationMessage(`MLRun Secrets: Vault "${picked.suggestion.name}" is already added to project "${project}".`);
      return undefined;
    }
    if (picked.suggestion?.problem) {
      void ctx.host.showErrorMessage(`MLRun Secrets: Cannot add "${picked.suggestion.name}": ${picked.suggestion.problem}`);
      return undefined;
    }
    const vault = picked.suggestion?.name ?? (await ctx.host.showInputBox({
      title: `Add Azure Key Vault to project "${project}"`,
      prompt: 'Vault name (the <name> of https://<name>.vault.azure.net)',
      ignoreFocusOut: true,
      validateInput: v => validateVaultName(v.trim()),
    }))?.trim();
    if (!vault) return undefined;
    const next = withVault(current, project, vault);
    if (!next.ok) {
      void ctx.host.showErrorMessage(`MLRun Secrets: ${next.error.message}`);
      return undefined;
    }
    await updateMachineSetting('azure.vaults', next.value);
    ctx.log.info(`added vault ${vault} to project ${project}`);
    const k8sSecret = picked.suggestion?.k8sSecrets[0];
    if (k8sSecret && setting('azure.credential') === 'kubernetesSecret' && !setting('azure.credentialSecret').trim()) {
      const use = await ctx.host.showInformationMessage(`MLRun Secrets: Read the Azure credentials from the Kubernetes Secret "${k8sSecret}", as the code's k8s_secret says?`, 'Use It');
      if (use) await updateMachineSetting('azure.credentialSecret', k8sSecret);
    }
    void ctx.host.showInformationMessage(`MLRun Secrets: Added vault "${vault}" to project "${project}".`);
    return vault;
  },
});

async function vaultSources(ctx: Ctx): Promise<VaultSource[]> {
  try {
    const client = await ctx.server.ready();
    const r = await client.sendRequest(VaultSources.type, {});
    return Array.isArray(r) ? r : [];
  } catch (e) {
    ctx.log.trace(`vault suggestions unavailable: ${e instanceof Error ? e.message : String(e)}`);
    return [];
  }
}

async function pickProject(ctx: Ctx): Promise<string | undefined> {
  const names = new Map<string, string>();
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    const p = await ctx.projects.project(f).catch(() => undefined);
    if (p && !names.has(p)) names.set(p, 'this folder');
  }
  for (const [p, vaults] of Object.entries((setting('azure.vaults') ?? {}) as VaultsSetting)) {
    if (!names.has(p) && Array.isArray(vaults)) names.set(p, `${vaults.length} vault${vaults.length === 1 ? '' : 's'}`);
  }
  const picked = names.size
    ? await ctx.host.showQuickPick([...[...names].map(([label, description]) => ({ label, description })), { label: OTHER_PROJECT, description: 'type a project name' }],
      { title: 'Add Azure Key Vault: project', placeHolder: 'MLRun project the vault belongs to', ignoreFocusOut: true })
    : { label: OTHER_PROJECT };
  if (!picked) return undefined;
  if (picked.label !== OTHER_PROJECT) return picked.label;
  return (await ctx.host.showInputBox({ title: 'Add Azure Key Vault: project', prompt: 'MLRun project name', ignoreFocusOut: true, validateInput: v => validateProjectName(v.trim()) }))?.trim();
}
