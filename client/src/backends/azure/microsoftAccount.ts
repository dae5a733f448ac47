/**
 * A `TokenCredential` over VS Code's Microsoft account. The extension injects `getToken`, which it wires to
 * `vscode.authentication.getSession('microsoft', scopes, …)`; this module stays free of `vscode`.
 *
 * Key Vault's challenge asks for `https://vault.azure.net/.default` and names the vault's tenant; the adapter passes
 * both on, so the extension can add `VSCODE_TENANT:<tenant>` to the session scopes. VS Code sessions carry no
 * expiry, so when `expiresOnTimestamp` is missing it is read from the token's `exp` claim (JWT), else 5 minutes.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';

export interface MicrosoftAccountToken {
  token: string;
  /** ms since the epoch; optional (see above). */
  expiresOnTimestamp?: number;
}

export interface MicrosoftAccountRequest {
  /** Vault's tenant from its challenge, when Key Vault named one. */
  tenantId?: string;
  /** Claims challenge (continuous access evaluation), base64-decoded JSON, when Key Vault sent one. */
  claims?: string;
  signal?: AbortSignal;
}

export type MicrosoftAccountGetToken = (scopes: string[], request: MicrosoftAccountRequest) => Promise<MicrosoftAccountToken>;

const FALLBACK_LIFETIME_MS = 5 * 60 * 1000;

/** `exp` of a JWT in ms, or undefined when the token is not a JWT with a numeric `exp`. */
export function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' && Number.isFinite(payload.exp) ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export class MicrosoftAccountCredential implements TokenCredential {
  constructor(private readonly getTokenFn: MicrosoftAccountGetToken) {}

  async getToken(scopes: string | string[], options: GetTokenOptions = {}): Promise<AccessToken> {
    const list = Array.isArray(scopes) ? [...scopes] : [scopes];
    const request: MicrosoftAccountRequest = {
      ...(options.tenantId ? { tenantId: options.tenantId } : {}),
      ...(options.claims ? { claims: options.claims } : {}),
      ...(options.abortSignal ? { signal: options.abortSignal as AbortSignal } : {}),
    };
    const got = await this.getTokenFn(list, request);
    if (!got || typeof got.token !== 'string' || got.token.length === 0) {
      const e = new Error('Microsoft account sign-in returned no token.');
      e.name = 'CredentialUnavailableError';
      throw e;
    }
    const expiresOnTimestamp = got.expiresOnTimestamp ?? jwtExpiry(got.token) ?? Date.now() + FALLBACK_LIFETIME_MS;
    return { token: got.token, expiresOnTimestamp, tokenType: 'Bearer' };
  }
}
