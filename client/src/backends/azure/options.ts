/** What the extension (or a test) gives the Azure backend. No `vscode`, no SDK values. */
import type { Agent } from 'node:https';
import type { TokenCredential } from '@azure/identity';
import type { SettingsReader } from '../../../../shared/src/settings';
import type { ProxyPolicy } from '../common/proxy';
import type { Logger, Result } from '../types';
import type { MicrosoftAccountGetToken } from './microsoftAccount';
import type { RetrySettings } from './policies';

/** The Kubernetes Secret MLRun's azure_vault provider mounts (keys `tenant_id`, `client_id`, `secret`), in memory. */
export interface AzureClientSecret {
  tenant_id: string;
  client_id: string;
  secret: string;
}

/**
 * Reads that Secret (the extension wires it to the Kubernetes backend). Values are returned exactly as stored
 * (decoded from base64, not trimmed). A missing key may be returned as `undefined`; the backend says which.
 */
export type ReadCredentialSecret = (secretName: string, signal?: AbortSignal) => Promise<Result<Partial<AzureClientSecret>>>;

export interface AzureBackendOptions {
  /** Live settings: read on every call, so adding or removing a vault takes effect at once. */
  settings: SettingsReader;
  /** Needed for the `kubernetesSecret` credential (the default). */
  readCredentialSecret?: ReadCredentialSecret;
  /** Needed for the `microsoftAccount` credential. */
  microsoftAccount?: MicrosoftAccountGetToken;
  logger?: Logger;
  /**
   * Creates `DefaultAzureCredential` (only ever called when the user picked `defaultAzureCredential`).
   * Tests inject a fake: constructing the real one probes managed-identity addresses beyond loopback.
   */
  createDefaultAzureCredential?: (options: { authorityHost: string }) => TokenCredential;
  /**
   * Advanced/test: `ca` adds PEM CA certificates to the system's for Key Vault and Entra; `agent` replaces the HTTPS
   * agent entirely (tests pass one that trusts only the test CA and resolves every name to 127.0.0.1).
   */
  transport?: { ca?: string | string[]; agent?: Agent };
  /**
   * The extension's proxy policy (common/proxy.ts): Key Vault and Entra are reached through it (a CONNECT tunnel, the
   * CA end to end) or directly, never through a proxy the SDK would pick from the environment on its own.
   * Ignored when `transport.agent` replaces the agent.
   */
  proxy?: ProxyPolicy;
  retry?: Partial<RetrySettings>;
  /**
   * Advanced/test: whether to skip the SDK's check that a vault host lies under the resource its challenge names
   * (`*.vault.azure.net`). Default: skipped for loopback vault hosts only (`localhost`, `*.localhost`, 127.0.0.0/8, ::1).
   */
  disableChallengeResourceVerification?: boolean;
  /** Interval and limit of waiting for a delete or recover to finish (Key Vault takes a few seconds). */
  pollIntervalMs?: number;
  maxPollMs?: number;
}
