/**
 * Select Azure Credential…: which credential reaches Key Vault (`mlrunSecrets.azure.credential`), only ever the one
 * chosen: the Kubernetes Secret MLRun uses (its name in `mlrunSecrets.azure.credentialSecret`), VS Code's Microsoft
 * account (signs in now when the workspace is trusted), or DefaultAzureCredential after a warning about what it
 * probes. Nothing credential-like is written to settings: only the kind and the Secret's name.
 */
import { Commands } from '../../../shared/src/ids';
import * as vscode from 'vscode';
import type { AzureCredentialKind } from '../../../shared/src/settings';
import { KEY_VAULT_SCOPE } from '../backendRegistry';
import { setting, updateMachineSetting } from '../config';
import type { CommandFactory } from './command';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const CHOICES: { credential: AzureCredentialKind; label: string; detail: string }[] = [
  { credential: 'kubernetesSecret', label: 'Kubernetes Secret (as MLRun jobs sign in)', detail: 'tenant_id, client_id and secret from a Secret in MLRun\'s namespace, read into memory only' },
  { credential: 'microsoftAccount', label: 'Microsoft account in VS Code', detail: 'Your own account, scope https://vault.azure.net/.default' },
  { credential: 'defaultAzureCredential', label: 'DefaultAzureCredential', detail: 'Environment, workload identity, managed identity, Azure CLI… (Azure Identity\'s chain)' },
];

export const selectAzureCredential: CommandFactory = ctx => ({
  id: Commands.selectAzureCredential,
  title: 'Select Azure Credential…',
  async run(arg?: unknown) {
    const current = setting('azure.credential');
    const preset = CHOICES.find(c => c.credential === arg);
    const picked = preset ?? await ctx.host.showQuickPick(CHOICES.map(c => ({ ...c, label: `${c.credential === current ? '$(check) ' : ''}${c.label}` })),
      { title: 'MLRun Secrets: Azure Key Vault credential', placeHolder: 'Only the credential you choose is used' });
    if (!picked) return undefined;
    switch (picked.credential) {
      case 'kubernetesSecret': {
        const name = await ctx.host.showInputBox({
          title: 'Azure credentials: Kubernetes Secret',
          prompt: "Name of the Secret with tenant_id, client_id and secret (MLRun's secret_stores.azure_vault.default_secret_name)",
          value: setting('azure.credentialSecret'),
          ignoreFocusOut: true,
          validateInput: v => (DNS1123_SUBDOMAIN.test(v.trim()) && v.trim().length <= 253 ? undefined : 'A Secret name uses lower-case letters, digits, "-" and ".".'),
        });
        if (!name) return undefined;
        await updateMachineSetting('azure.credentialSecret', name.trim());
        break;
      }
      case 'microsoftAccount':
        if (vscode.workspace.isTrusted) {
          try {
            await vscode.authentication.getSession('microsoft', [KEY_VAULT_SCOPE], { createIfNone: true });
          } catch (e) {
            void ctx.host.showErrorMessage(`MLRun Secrets: Signing in with a Microsoft account did not complete: ${e instanceof Error ? e.message : String(e)}`);
            return undefined;
          }
        }
        break;
      case 'defaultAzureCredential': {
        const ok = await ctx.host.showWarningMessage('Use DefaultAzureCredential for Azure Key Vault?', {
          modal: true,
          detail: 'It tries, in order: environment variables, workload identity, managed identity (which contacts the instance metadata endpoint of the machine running the extension), the Azure CLI, Azure PowerShell and the Azure Developer CLI.',
        }, 'Use DefaultAzureCredential');
        if (!ok) return undefined;
        break;
      }
    }
    if (picked.credential !== current) await updateMachineSetting('azure.credential', picked.credential);
    ctx.log.info(`Azure credential: ${picked.credential}`);
    return picked.credential;
  },
});
