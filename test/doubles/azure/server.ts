/**
 * Starts the Azure doubles in-process: a Key Vault data-plane double and a Microsoft Entra token endpoint double,
 * each an HTTPS server on an ephemeral loopback port, sharing one directory of tenants, apps and issued tokens.
 * `main.ts` runs the same thing standalone for end-to-end tests.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Directory } from './directory';
import { EntraDouble } from './entra';
import type { RecordedRequest } from './http';
import { sendJson } from './http';
import { handleKeyVault, type KeyVaultHost, type VaultFault } from './keyVault';
import { createTestTls, type TestTls } from '../tls';
import { ALL_PERMISSIONS, VaultState, type Permission, type VaultConfig } from './vaultStore';

export interface AzureDoublesOptions {
  /** Certificates to serve (default: `createAzureTls()`, a fresh test CA). */
  tls?: TestTls;
  /** Loopback address to listen on (default 127.0.0.1). */
  address?: '127.0.0.1' | '::1';
  /** Fixed ports (default: ephemeral). */
  vaultPort?: number;
  entraPort?: number;
}

export interface VaultOptions extends Partial<Omit<VaultConfig, 'permissions' | 'defaultPermissions'>> {
  /** Permissions per principal (app id or upn); others get `defaultPermissions`. */
  permissions?: Record<string, Permission[]>;
  defaultPermissions?: Permission[];
}

export const DEFAULT_TENANT = '11111111-2222-4333-8444-555555555555';

/**
 * A test CA and a server certificate for the names the Azure doubles are reached by: loopback, `*.localhost` and
 * `*.vault.localhost` (host-mode vault URLs), plus any extra DNS names a test maps to loopback itself (see
 * `loopbackAgent.ts`).
 */
export function createAzureTls(dnsNames: string[] = []): TestTls {
  return createTestTls({ caName: 'MLRun Secrets Azure doubles test CA', dnsNames: ['*.localhost', '*.vault.localhost', ...dnsNames] });
}

export class AzureDoubles {
  readonly directory = new Directory();
  readonly requests: RecordedRequest[] = [];
  readonly faults: VaultFault[] = [];
  readonly apiVersionsSeen = new Set<string>();
  /** Resource named in vault challenges and required as token audience. */
  resource = 'https://vault.azure.net';
  readonly entra: EntraDouble;
  readonly tls: TestTls;
  private readonly vaults = new Map<string, VaultState>();
  private vaultServer?: Server;
  private entraServer?: Server;
  private vaultAddr?: AddressInfo;
  private entraAddr?: AddressInfo;

  constructor(private readonly options: AzureDoublesOptions = {}) {
    this.tls = options.tls ?? createAzureTls();
    this.entra = new EntraDouble(this.directory, () => this.entraUrl);
  }

  get caPem(): string {
    return this.tls.caPem;
  }

  private get hostLiteral(): string {
    return (this.options.address ?? '127.0.0.1') === '::1' ? '[::1]' : '127.0.0.1';
  }

  /** `authorityHost` for the token endpoint double, e.g. `https://127.0.0.1:40123`. */
  get entraUrl(): string {
    return `https://${this.hostLiteral}:${this.entraAddr!.port}`;
  }

  get vaultPort(): number {
    return this.vaultAddr!.port;
  }

  /** Host-mode vault URL template (names resolved to loopback by the test agent): `https://{name}.vault.localhost:<port>`. */
  get vaultUrlTemplate(): string {
    return `https://{name}.vault.localhost:${this.vaultPort}`;
  }

  /** Path-mode vault URL template (no name resolution needed): `https://127.0.0.1:<port>/vaults/{name}`. */
  get pathVaultUrlTemplate(): string {
    return `https://${this.hostLiteral}:${this.vaultPort}/vaults/{name}`;
  }

  async start(): Promise<this> {
    const address = this.options.address ?? '127.0.0.1';
    const tls = { cert: this.tls.server.certPem, key: this.tls.server.keyPem };
    const kvHost: KeyVaultHost = {
      directory: this.directory,
      entraUrl: () => this.entraUrl,
      vault: name => this.vault(name),
      resource: () => this.resource,
      faults: this.faults,
      apiVersionsSeen: this.apiVersionsSeen,
    };
    this.vaultServer = createServer(tls, (req, res) => {
      const record = (status: number, vault?: string): void => {
        const url = new URL(req.url ?? '/', 'https://x');
        this.requests.push({ server: 'vault', method: req.method ?? '', host: req.headers.host ?? '', url: req.url ?? '', path: url.pathname, ...(vault ? { vault } : {}), authorized: !!req.headers.authorization, status });
      };
      handleKeyVault(kvHost, req, res).then(r => record(r.status, r.vault), err => {
        record(500);
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'InternalError', message: String(err instanceof Error ? err.message : err) } });
      });
    });
    this.entraServer = createServer(tls, (req, res) => {
      const record = (status: number): void => {
        const url = new URL(req.url ?? '/', 'https://x');
        this.requests.push({ server: 'entra', method: req.method ?? '', host: req.headers.host ?? '', url: req.url ?? '', path: url.pathname, authorized: !!req.headers.authorization, status });
      };
      this.entra.handle(req, res).then(record, err => {
        record(500);
        if (!res.headersSent) sendJson(res, 500, { error: 'server_error', error_description: String(err) });
      });
    });
    this.vaultAddr = await listen(this.vaultServer, address, this.options.vaultPort ?? 0);
    this.entraAddr = await listen(this.entraServer, address, this.options.entraPort ?? 0);
    return this;
  }

  async close(): Promise<void> {
    await Promise.all([this.vaultServer, this.entraServer].map(s => new Promise<void>(resolve => {
      if (!s) return resolve();
      s.close(() => resolve());
      s.closeAllConnections();
    })));
  }

  addVault(name: string, options: VaultOptions = {}): VaultState {
    const { permissions, defaultPermissions, ...rest } = options;
    const config: VaultConfig = {
      tenant: DEFAULT_TENANT,
      softDelete: true,
      retentionDays: 90,
      purgeProtection: false,
      accessModel: 'accessPolicy',
      pageSize: 25,
      deleteLatencyMs: 0,
      ...rest,
      permissions: new Map(Object.entries(permissions ?? {}).map(([k, v]) => [k, new Set(v)])),
      defaultPermissions: new Set(defaultPermissions ?? ALL_PERMISSIONS),
    };
    this.directory.addTenant(config.tenant);
    const v = new VaultState(name, config);
    this.vaults.set(name.toLowerCase(), v);
    return v;
  }

  vault(name: string): VaultState | undefined {
    return this.vaults.get(name.toLowerCase());
  }

  /** Whether a host name would resolve: loopback names and `<known vault>.<anything>`. */
  resolves(hostname: string): boolean {
    const h = hostname.toLowerCase();
    if (h === 'localhost' || h === '127.0.0.1' || h === '::1') return true;
    return this.vaults.has(h.split('.')[0]!);
  }

  /** Makes the next matching vault request(s) fail with a Key Vault error. */
  failNext(fault: Omit<VaultFault, 'times'> & { times?: number }): void {
    this.faults.push({ times: 1, ...fault });
  }

  vaultRequests(vault?: string): RecordedRequest[] {
    return this.requests.filter(r => r.server === 'vault' && (!vault || r.vault?.toLowerCase() === vault.toLowerCase()));
  }

  entraRequests(): RecordedRequest[] {
    return this.requests.filter(r => r.server === 'entra');
  }
}

function listen(server: Server, address: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => resolve(server.address() as AddressInfo));
  });
}

export async function startAzureDoubles(options: AzureDoublesOptions = {}): Promise<AzureDoubles> {
  return new AzureDoubles(options).start();
}
