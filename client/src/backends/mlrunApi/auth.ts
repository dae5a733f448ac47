/**
 * How credentials go to the MLRun API (docs/mlrun-facts.md §2.5), per the
 * `mlrunSecrets.mlrunApi.authMode` setting:
 *   - `auto`: basic auth when a user and password are stored; otherwise, with a token: basic `user:token` for an
 *     Iguazio endpoint (host contains `.default-tenant.`) when a user is known, the session cookie for a
 *     session-shaped token (longer than 20 characters and containing `-`, as MLRun's `is_iguazio_session`), else
 *     `Authorization: Bearer <token>`;
 *   - `bearer`, `basic`, `session` (`Cookie: session=j:{"sid": "<token>"}`, byte for byte), `none`.
 * Credentials come from a provider backed by a SecretStore, never from settings.
 */
import type { AuthMode } from '../../../../shared/src/settings';
import { fail, ok, type Result, type SecretStore } from '../types';

export interface MlrunCredentials {
  token?: string;
  username?: string;
  password?: string;
}

export interface CredentialProvider {
  /** Credentials for an endpoint (its normalised URL), or undefined when none are stored. */
  get(endpoint: string): Promise<MlrunCredentials | undefined>;
}

/** `is_iguazio_session` (mlrun/platforms/iguazio.py). */
export function isIguazioSession(token: string): boolean {
  return token.length > 20 && token.includes('-');
}

/** The exact cookie MLRun's client sends for a session token. */
export function sessionCookie(token: string): string {
  return `session=j:{"sid": "${token}"}`;
}

function basic(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`, 'utf8').toString('base64')}`;
}

// eslint-disable-next-line no-control-regex
const UNSAFE_HEADER = /[\u0000-\u001f\u007f]/;

function signInHint(endpoint: string): string {
  return `Run "MLRun Secrets: Sign in to the MLRun API…" for ${endpoint}.`;
}

/** The headers that carry the credentials, or why they cannot be built. */
export function authHeaders(mode: AuthMode, creds: MlrunCredentials | undefined, endpoint: string): Result<Record<string, string>> {
  const c = creds ?? {};
  for (const [name, v] of Object.entries(c)) {
    if (typeof v === 'string' && UNSAFE_HEADER.test(v)) return fail('invalid', `The stored MLRun API ${name} contains control characters and cannot be sent; sign in again.`);
  }
  const token = c.token || undefined;
  const user = c.username || undefined;
  const password = c.password || undefined;
  switch (mode) {
    case 'none':
      return ok({});
    case 'bearer':
      if (!token) return fail('unauthorized', `No MLRun API token is stored (auth mode "bearer"). ${signInHint(endpoint)}`);
      return ok({ authorization: `Bearer ${token}` });
    case 'session':
      if (!token) return fail('unauthorized', `No MLRun session token (access key) is stored (auth mode "session"). ${signInHint(endpoint)}`);
      if (/["\\;]/.test(token)) return fail('invalid', 'The stored session token contains a quote, backslash or ";" and cannot be sent in a cookie; sign in again.');
      return ok({ cookie: sessionCookie(token) });
    case 'basic': {
      const secret = password ?? token;
      if (!user || !secret) return fail('unauthorized', `No MLRun API user name and password are stored (auth mode "basic"). ${signInHint(endpoint)}`);
      return ok({ authorization: basic(user, secret) });
    }
    case 'auto': {
      if (user && password) return ok({ authorization: basic(user, password) });
      if (!token) return ok({});
      let host = '';
      try {
        host = new URL(endpoint).hostname;
      } catch {
        // keep ''
      }
      if (host.includes('.default-tenant.') && user) return ok({ authorization: basic(user, token) });
      if (isIguazioSession(token)) {
        if (/["\\;]/.test(token)) return fail('invalid', 'The stored token contains a quote, backslash or ";" and cannot be sent in a session cookie; sign in again.');
        return ok({ cookie: sessionCookie(token) });
      }
      return ok({ authorization: `Bearer ${token}` });
    }
  }
}

/** The SecretStore entry holding an endpoint's credentials (JSON). */
export function credentialEntry(endpoint: string): string {
  return `mlrun-secrets/mlrunApi/${endpoint.replace(/\/+$/, '')}`;
}

/** Credentials in a SecretStore (VS Code's SecretStorage), one entry per endpoint. */
export class StoredCredentials implements CredentialProvider {
  constructor(private readonly store: SecretStore) {}

  async get(endpoint: string): Promise<MlrunCredentials | undefined> {
    const raw = await this.store.get(credentialEntry(endpoint));
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as MlrunCredentials;
      const out: MlrunCredentials = {};
      if (typeof parsed.token === 'string' && parsed.token) out.token = parsed.token;
      if (typeof parsed.username === 'string' && parsed.username) out.username = parsed.username;
      if (typeof parsed.password === 'string' && parsed.password) out.password = parsed.password;
      return out;
    } catch {
      return undefined;
    }
  }

  async set(endpoint: string, creds: MlrunCredentials): Promise<void> {
    await this.store.store(credentialEntry(endpoint), JSON.stringify(creds));
  }

  async clear(endpoint: string): Promise<void> {
    await this.store.delete(credentialEntry(endpoint));
  }
}
