/**
 * The Microsoft Entra side of the Azure doubles: tenants, app registrations with client secrets, and the access
 * tokens issued for them. The Key Vault double asks it whether a bearer token is valid for a vault.
 *
 * Tokens look like Entra's v1 access tokens (a JWT whose payload has `aud`, `iss`, `tid`, `appid`/`upn`, `exp`),
 * but the signature is random bytes: the Key Vault double accepts exactly the tokens this directory issued.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export interface TokenInfo {
  tenant: string;
  /** Audience: the resource the token is for, e.g. `https://vault.azure.net`. */
  audience: string;
  /** Client id of an app (client-credential tokens). */
  appId?: string;
  /** User principal name (tokens handed out as a signed-in Microsoft account's). */
  upn?: string;
  /** Principal the Key Vault double checks permissions for: the app id or the upn. */
  principal: string;
  /** Expiry, ms since the epoch. */
  expiresOn: number;
}

interface App {
  secret: string;
  objectId: string;
}

function b64url(s: string | Buffer): string {
  return Buffer.from(s).toString('base64url');
}

export class Directory {
  private readonly tenants = new Map<string, Map<string, App>>();
  private readonly tokens = new Map<string, TokenInfo>();
  /** Lifetime of issued tokens, seconds (Entra: ~3600). */
  tokenLifetimeSeconds = 3599;

  addTenant(tenant: string): void {
    if (!this.tenants.has(tenant)) this.tenants.set(tenant, new Map());
  }

  hasTenant(tenant: string): boolean {
    return this.tenants.has(tenant);
  }

  /** Registers an app (service principal) with one client secret in a tenant (created when missing). */
  addApp(tenant: string, clientId: string, secret: string): void {
    this.addTenant(tenant);
    this.tenants.get(tenant)!.set(clientId, { secret, objectId: randomUUID() });
  }

  app(tenant: string, clientId: string): App | undefined {
    return this.tenants.get(tenant)?.get(clientId);
  }

  /** Issues a token the way the token endpoint does; also used directly for Microsoft-account tokens. */
  issue(info: Omit<TokenInfo, 'expiresOn' | 'principal'> & { lifetimeSeconds?: number }): { token: string; info: TokenInfo } {
    const now = Math.floor(Date.now() / 1000);
    const lifetime = info.lifetimeSeconds ?? this.tokenLifetimeSeconds;
    const principal = info.appId ?? info.upn ?? 'unknown';
    const payload = {
      aud: info.audience,
      iss: `https://sts.windows.net/${info.tenant}/`,
      iat: now,
      nbf: now,
      exp: now + lifetime,
      tid: info.tenant,
      ...(info.appId ? { appid: info.appId, oid: this.app(info.tenant, info.appId)?.objectId ?? randomUUID() } : {}),
      ...(info.upn ? { upn: info.upn, oid: randomUUID() } : {}),
      ver: '1.0',
    };
    const token = [
      b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: 'azure-doubles' })),
      b64url(JSON.stringify(payload)),
      b64url(randomBytes(32)),
    ].join('.');
    const stored: TokenInfo = {
      tenant: info.tenant,
      audience: info.audience,
      ...(info.appId ? { appId: info.appId } : {}),
      ...(info.upn ? { upn: info.upn } : {}),
      principal,
      expiresOn: (now + lifetime) * 1000,
    };
    this.tokens.set(token, stored);
    return { token, info: stored };
  }

  /** A token as a signed-in user's Microsoft account would have it (what `vscode.authentication` returns). */
  issueUserToken(tenant: string, upn: string, audience = 'https://vault.azure.net', lifetimeSeconds?: number): string {
    this.addTenant(tenant);
    return this.issue({ tenant, upn, audience, ...(lifetimeSeconds !== undefined ? { lifetimeSeconds } : {}) }).token;
  }

  lookup(token: string): TokenInfo | undefined {
    return this.tokens.get(token);
  }

  /** Every token issued so far (for leak checks). */
  issuedTokens(): string[] {
    return [...this.tokens.keys()];
  }

  /** Makes every issued token invalid (as if they were revoked); the next request gets a 401. */
  revokeAll(): void {
    this.tokens.clear();
  }
}
