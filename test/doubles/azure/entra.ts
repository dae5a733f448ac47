/**
 * Microsoft Entra token endpoint double for client-credential flows, as MSAL Node (through @azure/identity's
 * `ClientSecretCredential` with `authorityHost` pointed here and `disableInstanceDiscovery`) calls it:
 *
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration   authority metadata (MSAL fetches it once)
 *   POST /{tenant}/oauth2/v2.0/token                       grant_type=client_credentials, client_id, client_secret, scope
 *
 * Errors use Entra's OAuth shape `{ error, error_description: "AADSTSnnn: …", error_codes, timestamp, trace_id,
 * correlation_id, error_uri }` with Entra's statuses (400 unknown tenant/app/scope, 401 wrong secret).
 * `/common/discovery/instance` (instance discovery) answers too, but a correctly configured client never asks.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Directory } from './directory';
import { echoMessage, type EchoEncoding } from '../echo';
import { readBody, sendJson } from './http';

export interface EntraFault {
  /** Status to answer the next token request(s) with, e.g. 429 or 503. */
  status: number;
  error: string;
  description: string;
  retryAfterSeconds?: number;
  times: number;
  /** Echo mode (../echo.ts): the description also reflects the request's client secret in this encoding. */
  echo?: EchoEncoding;
}

export class EntraDouble {
  /** Token requests that succeeded (for caching assertions). */
  tokensIssued = 0;
  readonly faults: EntraFault[] = [];

  constructor(private readonly directory: Directory, private readonly baseUrl: () => string) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const url = new URL(req.url ?? '/', 'https://entra.invalid');
    const parts = url.pathname.split('/').filter(Boolean);
    const tenant = parts[0] ?? '';
    const rest = parts.slice(1).join('/');

    if (req.method === 'GET' && tenant === 'common' && rest === 'discovery/instance') {
      return this.instanceDiscovery(url, res);
    }
    if (req.method === 'GET' && rest === 'v2.0/.well-known/openid-configuration') {
      if (!this.directory.hasTenant(tenant)) return this.oauthError(res, 400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
      sendJson(res, 200, this.metadata(tenant));
      return 200;
    }
    if (req.method === 'POST' && rest === 'oauth2/v2.0/token') {
      return this.token(req, res, tenant);
    }
    return this.oauthError(res, 404, 'not_found', 90027, `The endpoint ${url.pathname} does not exist.`);
  }

  private metadata(tenant: string): Record<string, unknown> {
    const base = `${this.baseUrl()}/${tenant}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'tid', 'ver', 'oid'],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
    };
  }

  private instanceDiscovery(url: URL, res: ServerResponse): number {
    const authEndpoint = url.searchParams.get('authorization_endpoint') ?? `${this.baseUrl()}/common/oauth2/v2.0/authorize`;
    const tenant = new URL(authEndpoint).pathname.split('/').filter(Boolean)[0] ?? 'common';
    const host = new URL(this.baseUrl()).host;
    sendJson(res, 200, {
      tenant_discovery_endpoint: `${this.baseUrl()}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
    return 200;
  }

  private async token(req: IncomingMessage, res: ServerResponse, tenant: string): Promise<number> {
    const form = new URLSearchParams(await readBody(req));
    const fault = this.faults[0];
    if (fault) {
      fault.times -= 1;
      if (fault.times <= 0) this.faults.shift();
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      const secret = form.get('client_secret');
      const description = fault.echo ? `${fault.description} ${echoMessage(secret ? [secret] : [], fault.echo)}` : fault.description;
      return this.oauthError(res, fault.status, fault.error, 0, description, headers);
    }
    if (!this.directory.hasTenant(tenant)) {
      return this.oauthError(res, 400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return this.oauthError(res, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${form.get('grant_type') ?? ''}'.`);
    }
    const clientId = form.get('client_id') ?? '';
    const app = this.directory.app(tenant, clientId);
    if (!app) {
      return this.oauthError(res, 400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
    }
    if (form.get('client_secret') !== app.secret) {
      return this.oauthError(res, 401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
    }
    const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
    const resourceScope = scopes.find(s => s.endsWith('/.default'));
    if (!resourceScope) {
      return this.oauthError(res, 400, 'invalid_scope', 1002012, `The provided value for scope ${scopes.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    }
    const audience = resourceScope.slice(0, -'/.default'.length);
    const { token } = this.directory.issue({ tenant, appId: clientId, audience });
    this.tokensIssued += 1;
    sendJson(res, 200, {
      token_type: 'Bearer',
      expires_in: this.directory.tokenLifetimeSeconds,
      ext_expires_in: this.directory.tokenLifetimeSeconds,
      access_token: token,
    });
    return 200;
  }

  private oauthError(res: ServerResponse, status: number, error: string, code: number, text: string, headers: Record<string, string> = {}): number {
    const trace = randomUUID();
    const correlation = randomUUID();
    const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    const description = code
      ? `AADSTS${code}: ${text} Trace ID: ${trace} Correlation ID: ${correlation} Timestamp: ${timestamp}`
      : text;
    sendJson(res, status, {
      error,
      error_description: description,
      error_codes: code ? [code] : [],
      timestamp,
      trace_id: trace,
      correlation_id: correlation,
      ...(code ? { error_uri: `${this.baseUrl()}/error?code=${code}` } : {}),
    }, headers);
    return status;
  }
}
