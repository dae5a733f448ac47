/**
 * Shared setup of the Azure integration suites: the doubles on loopback, an app registration whose credentials sit
 * in a fake Kubernetes Secret reader, a live settings object, a capturing logger, and the real backend built over
 * the real SDKs with an HTTPS agent that trusts only the test CA and resolves every name to 127.0.0.1.
 */
import type { Agent } from 'node:https';
import { createAzureBackend, type AzureBackendOptions, type AzureClientSecret } from '../../../client/src/backends/azure/index';
import { fail, ok, type VaultBackend, type VaultScope } from '../../../client/src/backends/types';
import { settingsFrom, type Settings } from '../../../shared/src/settings';
import { loopbackAgent } from '../../doubles/azure/loopbackAgent';
import { AzureDoubles, createAzureTls, DEFAULT_TENANT } from '../../doubles/azure/server';
import type { TestTls } from '../../doubles/tls';
import { capturingLogger, type CapturingLogger } from '../backends/support/fixtures';

export { failure, must } from '../backends/support/fixtures';

// Nothing in the environment may steer Azure Identity towards non-loopback hosts (regional authority discovery
// asks the instance metadata service; AZURE_AUTHORITY_HOST would replace our authority host).
for (const name of Object.keys(process.env)) if (name.startsWith('AZURE_')) delete process.env[name];

export const CLIENT_ID = '0c0ffee0-1111-4222-8333-444455556666';
export const CLIENT_SECRET = 'Qx8~canary-client-secret-7f3b2a.9';
export const CRED_SECRET = 'azure-vault-creds';
export const PROJECT = 'demo';

let sharedTls: TestTls | undefined;
/** One test CA per process: generating RSA keys is the slow part. */
export function tls(): TestTls {
  sharedTls ??= createAzureTls(['*.vault.example.test']);
  return sharedTls;
}

export interface Env {
  doubles: AzureDoubles;
  backend: VaultBackend;
  settings: Partial<Settings>;
  k8sSecrets: Map<string, Partial<AzureClientSecret>>;
  /** Names the fake Kubernetes reader was asked for. */
  secretReads: string[];
  logger: CapturingLogger;
  agent: Agent;
  /** A new backend over the same doubles and settings (e.g. with other options). */
  makeBackend(extra?: Partial<AzureBackendOptions>): VaultBackend;
  /** The scope of an added vault; throws when `vault()` refuses. */
  scope(vault: string, project?: string): VaultScope;
  close(): Promise<void>;
}

export async function setup(vaults: Record<string, string[]> = { [PROJECT]: ['team-vault'] }): Promise<Env> {
  const doubles = await new AzureDoubles({ tls: tls() }).start();
  doubles.directory.addApp(DEFAULT_TENANT, CLIENT_ID, CLIENT_SECRET);
  const settings: Partial<Settings> = {
    'azure.vaults': vaults,
    'azure.credential': 'kubernetesSecret',
    'azure.credentialSecret': CRED_SECRET,
    'azure.authorityHost': doubles.entraUrl,
    'azure.vaultUrlTemplate': doubles.vaultUrlTemplate,
  };
  const k8sSecrets = new Map<string, Partial<AzureClientSecret>>([
    [CRED_SECRET, { tenant_id: DEFAULT_TENANT, client_id: CLIENT_ID, secret: CLIENT_SECRET }],
  ]);
  const secretReads: string[] = [];
  const logger = capturingLogger();
  const agent = loopbackAgent(doubles.caPem, h => doubles.resolves(h));
  const makeBackend = (extra: Partial<AzureBackendOptions> = {}): VaultBackend => createAzureBackend({
    settings: settingsFrom(settings),
    readCredentialSecret: async name => {
      secretReads.push(name);
      const s = k8sSecrets.get(name);
      return s ? ok({ ...s }) : fail('notFound', `Secret ${name} does not exist in namespace mlrun.`, 404);
    },
    logger,
    transport: { agent },
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 5_000 },
    pollIntervalMs: 10,
    maxPollMs: 5_000,
    ...extra,
  });
  const backend = makeBackend();
  return {
    doubles, backend, settings, k8sSecrets, secretReads, logger, agent, makeBackend,
    scope(vault, project = PROJECT) {
      const r = backend.vault(project, vault);
      if (!r.ok) throw new Error(`vault(${project}, ${vault}) refused: ${r.error.message}`);
      return r.value;
    },
    async close() {
      backend.dispose?.();
      agent.destroy();
      await doubles.close();
    },
  };
}
