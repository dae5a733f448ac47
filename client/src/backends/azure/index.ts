/**
 * Entry of `dist/backends/azure.js`: the only module that loads `@azure/*`, `require`d by the extension on first use.
 *
 *   const { createAzureBackend } = require('./backends/azure.js');
 *   const backend = createAzureBackend({ settings, readCredentialSecret, microsoftAccount, logger });
 *   const vault = backend.vault('demo', 'my-vault');          // Result: only vaults the user added
 *   if (vault.ok) await vault.value.listKeys(signal);
 */
import type { VaultBackend } from '../types';
import { AzureBackend } from './backend';
import type { AzureBackendOptions } from './options';

export type { AzureBackendOptions, AzureClientSecret, ReadCredentialSecret } from './options';
export type { MicrosoftAccountGetToken, MicrosoftAccountRequest, MicrosoftAccountToken } from './microsoftAccount';
export type { RetrySettings } from './policies';

export function createAzureBackend(options: AzureBackendOptions): VaultBackend {
  return new AzureBackend(options);
}
