/**
 * Picks and builds the credential the user chose in `mlrunSecrets.azure.credential` — nothing is ever chosen
 * implicitly, and no credential falls back to another:
 * - `kubernetesSecret`: MLRun's Secret (`tenant_id`, `client_id`, `secret`) read into memory and turned into a
 *   `ClientSecretCredential`. Values are used raw, as MLRun does; a value with surrounding whitespace (typically a
 *   trailing newline from `--from-file`) is refused with a clear message instead of being trimmed, because MLRun's
 *   jobs would fail to sign in with it too.
 * - `microsoftAccount`: the injected VS Code sign-in, adapted to a `TokenCredential`.
 * - `defaultAzureCredential`: Azure Identity's chain, created only when picked.
 */
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { ClientSecretCredential, DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import type { AzureCredentialKind } from '../../../../shared/src/settings';
import { proxyFor, TunnelAgent } from '../common/proxy';
import { fail, ok, type Logger, type Result } from '../types';
import { MicrosoftAccountCredential } from './microsoftAccount';
import type { AzureBackendOptions, AzureClientSecret } from './options';
import { pipelineOptions, type LastResponse, type RetrySettings } from './policies';
import { instanceDiscoveryDisabled, validateAuthorityHost } from './urls';

export interface ResolvedCredential {
  credential: TokenCredential;
  /** For messages: "the Kubernetes Secret 'azure-creds' (client 0000…)", "your Microsoft account", … */
  label: string;
  /** In-memory secrets to scrub from any text (the client secret). */
  redact: string[];
  /** The last Entra response this credential got (absent for the Microsoft account: VS Code signs in). */
  entra?: LastResponse;
}

const KINDS: readonly AzureCredentialKind[] = ['kubernetesSecret', 'microsoftAccount', 'defaultAzureCredential'];
const TENANT = /^[0-9a-zA-Z.-]+$/;
const SELECT = 'choose another with "MLRun Secrets: Select Azure Credential…"';

/**
 * SDK options for the HTTPS transport to `url` (Key Vault and Entra clients alike): the test's agent when given;
 * with a proxy policy, an agent of our own (through the proxy or direct, the extra CA either way) so the SDK does
 * not pick a proxy from the environment on its own; else the extra CA for the SDK's agent.
 */
export function transportOptions(options: Pick<AzureBackendOptions, 'transport' | 'proxy'>, url: string): { agent?: Agent; tlsOptions?: { ca: string[] } } {
  const transport = options.transport;
  if (transport?.agent) return { agent: transport.agent };
  const ca = transport?.ca ? [...rootCertificates, ...(Array.isArray(transport.ca) ? transport.ca : [transport.ca])] : undefined;
  if (options.proxy) {
    const proxy = proxyFor(options.proxy, url);
    return { agent: proxy ? new TunnelAgent(proxy, ca ? { ca } : {}) : new Agent({ keepAlive: true, ...(ca ? { ca } : {}) }) };
  }
  return ca ? { tlsOptions: { ca } } : {};
}

interface CachedClientSecret {
  key: string;
  tenant: string;
  client: string;
  secret: string;
  credential: ClientSecretCredential;
  entra: LastResponse;
}

export class Credentials {
  private readonly clientSecrets = new Map<string, CachedClientSecret>();
  private microsoft?: MicrosoftAccountCredential;
  private defaultCredential?: { authorityHost: string; credential: TokenCredential; entra: LastResponse };

  constructor(private readonly options: AzureBackendOptions, private readonly retry: RetrySettings, private readonly logger: Logger) {}

  kind(): Result<AzureCredentialKind> {
    const kind = this.options.settings('azure.credential');
    return KINDS.includes(kind) ? ok(kind) : fail('invalid', `Unknown Azure credential "${String(kind)}" in mlrunSecrets.azure.credential; ${SELECT}.`);
  }

  /** Forgets every credential (and with it MSAL's in-memory token cache). */
  clear(): void {
    this.clientSecrets.clear();
    this.microsoft = undefined;
    this.defaultCredential = undefined;
  }

  /** Short description for the tree and status bar. */
  describe(): string {
    const kind = this.options.settings('azure.credential');
    if (kind === 'microsoftAccount') return 'Microsoft account';
    if (kind === 'defaultAzureCredential') return 'DefaultAzureCredential';
    const name = this.options.settings('azure.credentialSecret').trim();
    return name ? `Kubernetes Secret ${name}` : 'Kubernetes Secret';
  }

  /** The credential for one operation. `k8sSecret` is a source's `k8s_secret` (else the setting is used). */
  async resolve(k8sSecret: string | undefined, signal?: AbortSignal): Promise<Result<ResolvedCredential>> {
    const kind = this.kind();
    if (!kind.ok) return kind;
    switch (kind.value) {
      case 'kubernetesSecret':
        return this.fromKubernetesSecret(k8sSecret, signal);
      case 'microsoftAccount':
        if (!this.options.microsoftAccount) {
          return fail('invalid', `Signing in with a Microsoft account is not available here; ${SELECT}.`);
        }
        this.microsoft ??= new MicrosoftAccountCredential(this.options.microsoftAccount);
        return ok({ credential: this.microsoft, label: 'your Microsoft account', redact: [] });
      case 'defaultAzureCredential': {
        const authorityHost = this.authorityHost();
        if (!authorityHost.ok) return authorityHost;
        if (this.defaultCredential?.authorityHost !== authorityHost.value) {
          const entra: LastResponse = {};
          const create = this.options.createDefaultAzureCredential ?? ((o: { authorityHost: string }) =>
            new DefaultAzureCredential({ authorityHost: o.authorityHost, ...transportOptions(this.options, o.authorityHost), ...pipelineOptions(this.retry, this.logger, entra) }));
          this.logger.info('azure: using DefaultAzureCredential (picked in mlrunSecrets.azure.credential)');
          this.defaultCredential = { authorityHost: authorityHost.value, credential: create({ authorityHost: authorityHost.value }), entra };
        }
        return ok({ credential: this.defaultCredential.credential, label: 'DefaultAzureCredential', redact: [], entra: this.defaultCredential.entra });
      }
    }
  }

  private authorityHost(): Result<string> {
    const host = this.options.settings('azure.authorityHost').trim().replace(/\/+$/, '');
    const bad = validateAuthorityHost(host);
    return bad ? fail('invalid', bad) : ok(host);
  }

  private async fromKubernetesSecret(k8sSecret: string | undefined, signal?: AbortSignal): Promise<Result<ResolvedCredential>> {
    const name = (k8sSecret ?? '').trim() || this.options.settings('azure.credentialSecret').trim();
    if (!name) {
      return fail('invalid', `No Kubernetes Secret with Azure credentials is configured: set mlrunSecrets.azure.credentialSecret (MLRun's secret_stores.azure_vault.default_secret_name) or ${SELECT}.`);
    }
    if (!this.options.readCredentialSecret) {
      return fail('invalid', `The Azure credentials in the Kubernetes Secret '${name}' cannot be read without a Kubernetes connection; connect to Kubernetes or ${SELECT}.`);
    }
    const authorityHost = this.authorityHost();
    if (!authorityHost.ok) return authorityHost;
    const read = await this.options.readCredentialSecret(name, signal);
    if (!read.ok) {
      return { ok: false, error: { ...read.error, message: `Cannot read the Azure credentials from the Kubernetes Secret '${name}': ${read.error.message}` } };
    }
    const data = read.value;
    const missing = (['tenant_id', 'client_id', 'secret'] as const).filter(k => typeof data[k] !== 'string' || data[k] === '');
    if (missing.length) {
      return fail('invalid', `The Kubernetes Secret '${name}' lacks ${missing.join(', ')}: MLRun's azure_vault provider needs the keys tenant_id, client_id and secret.`);
    }
    const { tenant_id: tenant, client_id: client, secret } = data as AzureClientSecret;
    const padded = (['tenant_id', 'client_id', 'secret'] as const).filter(k => data[k] !== data[k]!.trim());
    if (padded.length) {
      this.logger.warn(`azure: Kubernetes Secret ${name}: ${padded.join(', ')} has surrounding whitespace`);
      return fail('invalid', `In the Kubernetes Secret '${name}', ${padded.join(', ')} starts or ends with whitespace (often a trailing newline from --from-file); MLRun uses the values raw, so its jobs could not sign in either: recreate the Secret with --from-literal.`);
    }
    if (!TENANT.test(tenant)) {
      return fail('invalid', `The tenant_id in the Kubernetes Secret '${name}' is not a tenant id (a GUID or a domain such as contoso.onmicrosoft.com).`);
    }
    const key = `${name}\u0000${authorityHost.value}`;
    let cached = this.clientSecrets.get(key);
    if (!cached || cached.tenant !== tenant || cached.client !== client || cached.secret !== secret) {
      this.logger.info(`azure: client-secret credential from Kubernetes Secret ${name} (tenant ${tenant}, client ${client}, authority ${authorityHost.value})`);
      const entra: LastResponse = {};
      const credential = new ClientSecretCredential(tenant, client, secret, {
        authorityHost: authorityHost.value,
        disableInstanceDiscovery: instanceDiscoveryDisabled(authorityHost.value),
        ...transportOptions(this.options, authorityHost.value),
        ...pipelineOptions(this.retry, this.logger, entra),
      });
      cached = { key, tenant, client, secret, credential, entra };
      this.clientSecrets.set(key, cached);
    }
    return ok({ credential: cached.credential, label: `the Kubernetes Secret '${name}' (client ${client})`, redact: [secret], entra: cached.entra });
  }
}
