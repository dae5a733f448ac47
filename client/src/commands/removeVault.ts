/** Remove Azure Key Vault (vault nodes): takes the vault out of the project's list. The vault itself is untouched. */
import { Commands } from '../../../shared/src/ids';
import { removeVault as withoutVault, type VaultsSetting } from '../backends/azure/vaultSettings';
import { setting, updateMachineSetting } from '../config';
import { VaultNode } from '../tree/vaultNode';
import type { CommandFactory } from './command';

export const removeVault: CommandFactory = ctx => ({
  id: Commands.removeVault,
  title: 'Remove Azure Key Vault',
  async run(node?: unknown) {
    if (!(node instanceof VaultNode)) {
      void ctx.host.showInformationMessage('MLRun Secrets: Remove Azure Key Vault works on a vault in the MLRun Secrets view.');
      return false;
    }
    const choice = await ctx.host.showWarningMessage(`Remove vault "${node.vault}" from project "${node.project}"?`, {
      modal: true,
      detail: 'Only the extension\'s list changes (mlrunSecrets.azure.vaults): the vault and its secrets stay as they are, and you can add it again.',
    }, 'Remove');
    if (choice !== 'Remove') return false;
    const next = withoutVault((setting('azure.vaults') ?? {}) as VaultsSetting, node.project, node.vault);
    await updateMachineSetting('azure.vaults', next);
    ctx.log.info(`removed vault ${node.vault} from project ${node.project}`);
    return true;
  },
});
