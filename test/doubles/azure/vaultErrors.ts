/**
 * Key Vault error bodies: `{"error":{"code","message","innererror"?:{"code"}}}`, with the codes and wording Key Vault
 * uses. Wording of the purge-protection and RBAC messages follows observed responses; treat exact text as approximate.
 */
import type { TokenInfo } from './directory';
import type { Permission, VaultState } from './vaultStore';

export function kvError(code: string, message: string, innerCode?: string): { error: Record<string, unknown> } {
  return { error: { code, message, ...(innerCode ? { innererror: { code: innerCode } } : {}) } };
}

const RBAC_ACTION: Record<Permission, string> = {
  get: 'Microsoft.KeyVault/vaults/secrets/getSecret/action',
  list: 'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
  set: 'Microsoft.KeyVault/vaults/secrets/setSecret/action',
  delete: 'Microsoft.KeyVault/vaults/secrets/delete',
  recover: 'Microsoft.KeyVault/vaults/secrets/recover/action',
  purge: 'Microsoft.KeyVault/vaults/deletedsecrets/purge/action',
};

export function forbidden(v: VaultState, who: TokenInfo, p: Permission, name?: string): ReturnType<typeof kvError> {
  const caller = who.appId
    ? `appid=${who.appId};oid=00000000-0000-0000-0000-000000000001;iss=https://sts.windows.net/${who.tenant}/`
    : `name=${who.upn};oid=00000000-0000-0000-0000-000000000002;iss=https://sts.windows.net/${who.tenant}/`;
  if (v.config.accessModel === 'rbac') {
    return kvError('Forbidden',
      `Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\nCaller: ${caller}\r\nAction: '${RBAC_ACTION[p]}'\r\nResource: '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/microsoft.keyvault/vaults/${v.name}${name ? `/secrets/${name}` : ''}'\r\nAssignment: (not found)\r\nDecisionReason: 'DeniedWithNoValidRBAC' \r\nVault: ${v.name};location=westeurope\r\n`,
      'ForbiddenByRbac');
  }
  return kvError('Forbidden',
    `The user, group or application '${caller}' does not have secrets ${p} permission on key vault '${v.name};location=westeurope'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`,
    'AccessDenied');
}

export function notFound(name: string): ReturnType<typeof kvError> {
  return kvError('SecretNotFound', `A secret with (name/id) ${name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`);
}

export function deletedNotFound(name: string): ReturnType<typeof kvError> {
  return kvError('SecretNotFound', `Deleted Secret not found: ${name}`);
}

export function badName(name: string): ReturnType<typeof kvError> {
  return kvError('BadParameter', `The request URI contains an invalid name: ${name}`);
}

export function notAllowedDisabled(): ReturnType<typeof kvError> {
  return kvError('Forbidden', 'Operation get is not allowed on a disabled secret.', 'SecretDisabled');
}

export function conflictDeleted(name: string): ReturnType<typeof kvError> {
  return kvError('Conflict', `Secret ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.`, 'ObjectIsDeletedButRecoverable');
}

export function conflictBeingDeleted(): ReturnType<typeof kvError> {
  return kvError('Conflict', 'Secret is currently being deleted.', 'ObjectIsBeingDeleted');
}

export function purgeForbidden(v: VaultState): ReturnType<typeof kvError> {
  return kvError('Forbidden', `Operation "purge" is not allowed because purge protection is enabled for this vault. Key Vault service will automatically purge it after the retention period has passed.\r\nVault: ${v.name};location=westeurope`, 'ForbiddenByPolicy');
}
