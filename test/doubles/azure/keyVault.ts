/**
 * Key Vault secrets REST API double (data plane), as `@azure/keyvault-secrets` 4.11 (api-version 2025-07-01) calls it.
 *
 * Vault addressing:
 * - host mode (real Key Vault): `https://<vault>.<anything>:<port>/secrets/...` — the first DNS label of the Host
 *   header names the vault. Tests reach such names on loopback through an agent whose lookup always answers 127.0.0.1.
 * - path mode (for clients that cannot map names to loopback, e.g. an extension under test in code-server):
 *   `https://127.0.0.1:<port>/vaults/<vault>/secrets/...`. The one deviation from Key Vault: ids in responses are
 *   `https://127.0.0.1:<port>/secrets/<name>/<version>` (no `/vaults/<vault>`), because the SDK derives a secret's
 *   name from an id with exactly `/secrets/<name>[/<version>]`. `nextLink`s keep the prefix.
 *
 * Auth is Key Vault's challenge: a request without a valid bearer token gets 401 with
 * `WWW-Authenticate: Bearer authorization="<entra>/<tenant>", resource="<resource>"` (the SDK's first request of a
 * client has no body and no token). Tokens must come from the double's directory, for the vault's tenant and resource.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Directory, TokenInfo } from './directory';
import { credentialsOf, echoMessage, type EchoEncoding } from '../echo';
import { readBody, sendJson } from './http';
import { type VaultState, type Permission, type SecretRecord, type SecretVersion, type DeletedRecord, latest } from './vaultStore';
import { kvError, forbidden, notFound, deletedNotFound, badName, notAllowedDisabled, conflictDeleted, conflictBeingDeleted, purgeForbidden } from './vaultErrors';

export const ACCEPTED_API_VERSIONS = ['7.0', '7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '2025-07-01'];
const NAME = /^[0-9a-zA-Z-]{1,127}$/;
const MAX_VALUE_BYTES = 25 * 1024;

export interface VaultFault {
  vault?: string;
  method?: string;
  /** Path (after any `/vaults/<vault>` prefix) starts with this. */
  pathPrefix?: string;
  status: number;
  code: string;
  message: string;
  innerCode?: string;
  retryAfterSeconds?: number;
  times: number;
  /** Echo mode (../echo.ts): the message also reflects the request's value and bearer token in this encoding. */
  echo?: EchoEncoding;
}

interface Target {
  vault: VaultState;
  /** URL prefix of the vault as the client addressed it (no trailing slash). */
  base: string;
  /** URL prefix used in ids (differs from `base` in path mode only). */
  idBase: string;
  path: string;
}

export interface KeyVaultHost {
  directory: Directory;
  entraUrl: () => string;
  vault(name: string): VaultState | undefined;
  /** Resource named in challenges and required as token audience. */
  resource(): string;
  faults: VaultFault[];
  apiVersionsSeen: Set<string>;
}

export async function handleKeyVault(host: KeyVaultHost, req: IncomingMessage, res: ServerResponse): Promise<{ status: number; vault?: string }> {
  const hostHeader = req.headers.host ?? '';
  const url = new URL(req.url ?? '/', `https://${hostHeader}`);
  const target = resolveTarget(host, url, hostHeader);
  if (!target) {
    sendJson(res, 404, kvError('VaultNotFound', `No vault is served at ${url.host}${url.pathname}.`));
    return { status: 404 };
  }
  const v = target.vault;
  const token = bearer(req);
  const info = token ? host.directory.lookup(token) : undefined;
  const authProblem = !token ? 'AKV10000: Request is missing a Bearer or PoP token.' : tokenProblem(host, v, info);
  if (authProblem) {
    req.resume();
    sendJson(res, 401, kvError('Unauthorized', authProblem), {
      'www-authenticate': `Bearer authorization="${host.entraUrl()}/${v.config.tenant}", resource="${host.resource()}"`,
    });
    return { status: 401, vault: v.name };
  }
  const apiVersion = url.searchParams.get('api-version');
  if (!apiVersion || !ACCEPTED_API_VERSIONS.includes(apiVersion)) {
    req.resume();
    sendJson(res, 400, kvError('BadParameter', apiVersion ? `The specified version (${apiVersion}) is not recognized. Consider using the latest supported version (2025-07-01).` : 'The api-version query parameter is missing.'));
    return { status: 400, vault: v.name };
  }
  host.apiVersionsSeen.add(apiVersion);
  const fault = takeFault(host, req.method ?? '', v.name, target.path);
  if (fault) {
    const message = fault.echo ? `${fault.message} ${echoMessage([...bodyValue(await readBody(req)), ...credentialsOf(req)], fault.echo)}` : fault.message;
    req.resume();
    const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
    sendJson(res, fault.status, kvError(fault.code, message, fault.innerCode), headers);
    return { status: fault.status, vault: v.name };
  }
  const body = await readBody(req);
  const r = route(target, info!, req.method ?? 'GET', url, body);
  sendJson(res, r.status, r.body, r.headers);
  return { status: r.status, vault: v.name };
}

/** The `value` of a set-secret body. */
function bodyValue(body: string): string[] {
  try {
    const v = (JSON.parse(body) as { value?: unknown }).value;
    return typeof v === 'string' ? [v] : [];
  } catch {
    return [];
  }
}

function resolveTarget(host: KeyVaultHost, url: URL, hostHeader: string): Target | undefined {
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const isLiteral = hostname === 'localhost' || /^[\d.]+$/.test(hostname) || hostname.includes(':');
  if (isLiteral) {
    const m = /^\/vaults\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const vault = m ? host.vault(decodeURIComponent(m[1]!)) : undefined;
    if (!m || !vault) return undefined;
    return { vault, base: `https://${hostHeader}/vaults/${m[1]}`, idBase: `https://${hostHeader}`, path: m[2] ?? '/' };
  }
  const vault = host.vault(hostname.split('.')[0]!);
  if (!vault) return undefined;
  return { vault, base: `https://${hostHeader}`, idBase: `https://${hostHeader}`, path: url.pathname };
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1] : '';
}

function tokenProblem(host: KeyVaultHost, v: VaultState, info: TokenInfo | undefined): string | undefined {
  if (!info) return 'AKV10032: Invalid issuer. Expected one of https://sts.windows.net/..., found a token this vault does not know.';
  if (info.expiresOn <= Date.now()) return 'AKV10021: Token has expired.';
  if (info.tenant !== v.config.tenant) return `AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${v.config.tenant}/, found https://sts.windows.net/${info.tenant}/.`;
  if (info.audience !== host.resource()) return `AKV10022: Invalid audience. Expected ${host.resource()}, found: ${info.audience}.`;
  return undefined;
}

function takeFault(host: KeyVaultHost, method: string, vault: string, path: string): VaultFault | undefined {
  const i = host.faults.findIndex(f =>
    (!f.vault || f.vault.toLowerCase() === vault.toLowerCase()) && (!f.method || f.method === method) &&
    (!f.pathPrefix || path.startsWith(f.pathPrefix)));
  if (i < 0) return undefined;
  const f = host.faults[i]!;
  f.times -= 1;
  if (f.times <= 0) host.faults.splice(i, 1);
  return f;
}

interface Reply { status: number; body?: unknown; headers?: Record<string, string> }

function route(t: Target, who: TokenInfo, method: string, url: URL, body: string): Reply {
  const v = t.vault;
  const seg = t.path.split('/').slice(1).map(decodeURIComponent);
  if (seg[seg.length - 1] === '' && seg.length > 1) seg.pop();
  const need = (p: Permission, name?: string): Reply | undefined => v.allowed(who.principal, p) ? undefined : { status: 403, body: forbidden(v, who, p, name) };
  const page = (items: unknown[], path: string): Reply => paged(v, t.base, path, url, items);

  if (seg[0] === 'secrets') {
    const name = seg[1];
    if (name === undefined) {
      if (method !== 'GET') return notAllowed(method);
      return need('list') ?? page(v.list().map(r => item(t.idBase, v, r)), '/secrets');
    }
    if (!NAME.test(name)) return { status: 400, body: badName(name) };
    if (seg[2] === 'versions' && method === 'GET') {
      const r = v.get(name);
      if (!r) return { status: 404, body: notFound(name) };
      return need('list', name) ?? page(r.versions.map(ver => versionItem(t.idBase, v, r, ver)), `/secrets/${name}/versions`);
    }
    const versionId = seg[2] ?? '';
    switch (method) {
      case 'GET': {
        const denied = need('get', name);
        if (denied) return denied;
        const r = v.get(name);
        const ver = r && (versionId ? r.versions.find(x => x.version === versionId) : latest(r));
        if (!r || !ver) return { status: 404, body: notFound(name) };
        if (!ver.enabled) return { status: 403, body: notAllowedDisabled() };
        return { status: 200, body: bundle(t.idBase, v, r, ver, true) };
      }
      case 'PUT': {
        if (seg.length > 2) return notAllowed(method);
        const denied = need('set', name);
        if (denied) return denied;
        const d = v.getDeleted(name);
        if (d) return { status: 409, body: d.settledAt > Date.now() ? conflictBeingDeleted() : conflictDeleted(d.record.name) };
        const p = parseJson(body);
        if (!p || typeof p.value !== 'string') return { status: 400, body: kvError('BadParameter', 'The parameter value is missing or is not a string.') };
        if (Buffer.byteLength(p.value, 'utf8') > MAX_VALUE_BYTES) return { status: 400, body: kvError('BadParameter', `The secret value exceeds the maximum allowed size of ${MAX_VALUE_BYTES} bytes.`) };
        const a = (p.attributes ?? {}) as Record<string, unknown>;
        const { record, version } = v.set(name, {
          value: p.value,
          ...(typeof p.contentType === 'string' ? { contentType: p.contentType } : {}),
          ...(p.tags && typeof p.tags === 'object' ? { tags: p.tags as Record<string, string> } : {}),
          ...(typeof a.enabled === 'boolean' ? { enabled: a.enabled } : {}),
          ...(typeof a.nbf === 'number' ? { nbf: a.nbf } : {}),
          ...(typeof a.exp === 'number' ? { exp: a.exp } : {}),
        });
        return { status: 200, body: bundle(t.idBase, v, record, version, true) };
      }
      case 'PATCH': {
        const denied = need('set', name);
        if (denied) return denied;
        const r = v.get(name);
        const ver = r && (versionId ? r.versions.find(x => x.version === versionId) : latest(r));
        if (!r || !ver) return { status: 404, body: notFound(name) };
        const p = parseJson(body) ?? {};
        const a = (p.attributes ?? {}) as Record<string, unknown>;
        if (typeof a.enabled === 'boolean') ver.enabled = a.enabled;
        if (typeof a.nbf === 'number') ver.nbf = a.nbf;
        if (typeof a.exp === 'number') ver.exp = a.exp;
        if (typeof p.contentType === 'string') ver.contentType = p.contentType;
        if (p.tags && typeof p.tags === 'object') ver.tags = p.tags as Record<string, string>;
        ver.updated = Math.floor(Date.now() / 1000);
        return { status: 200, body: bundle(t.idBase, v, r, ver, false) };
      }
      case 'DELETE': {
        if (seg.length > 2) return notAllowed(method);
        const denied = need('delete', name);
        if (denied) return denied;
        if (!v.get(name)) return { status: 404, body: notFound(name) };
        const d = v.delete(name);
        return { status: 200, body: deletedBundle(t.idBase, v, d) };
      }
      default:
        return notAllowed(method);
    }
  }

  if (seg[0] === 'deletedsecrets') {
    const name = seg[1];
    if (name === undefined) {
      if (method !== 'GET') return notAllowed(method);
      return need('list') ?? page(v.listDeleted().map(d => deletedItem(t.idBase, v, d)), '/deletedsecrets');
    }
    if (!NAME.test(name)) return { status: 400, body: badName(name) };
    const d = v.getDeleted(name);
    const settled = d !== undefined && d.settledAt <= Date.now();
    if (seg[2] === 'recover' && method === 'POST') {
      const denied = need('recover', name);
      if (denied) return denied;
      if (!d) return { status: 404, body: deletedNotFound(name) };
      if (!settled) return { status: 409, body: conflictBeingDeleted() };
      const r = v.recover(name);
      return { status: 200, body: bundle(t.idBase, v, r, latest(r), false) };
    }
    if (seg.length > 2) return notAllowed(method);
    if (method === 'GET') {
      const denied = need('get', name);
      if (denied) return denied;
      if (!d || !settled) return { status: 404, body: deletedNotFound(name) };
      return { status: 200, body: deletedBundle(t.idBase, v, d) };
    }
    if (method === 'DELETE') {
      const denied = need('purge', name);
      if (denied) return denied;
      if (!d) return { status: 404, body: deletedNotFound(name) };
      if (v.config.purgeProtection) return { status: 403, body: purgeForbidden(v) };
      if (!settled) return { status: 409, body: conflictBeingDeleted() };
      v.purge(name);
      return { status: 204 };
    }
    return notAllowed(method);
  }
  return { status: 404, body: kvError('NotFound', `The requested path ${t.path} does not exist.`) };
}

function notAllowed(method: string): Reply {
  return { status: 405, body: kvError('MethodNotAllowed', `The requested resource does not support http method '${method}'.`) };
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(body) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function paged(v: VaultState, base: string, path: string, url: URL, items: unknown[]): Reply {
  const max = Number(url.searchParams.get('maxresults') ?? '');
  const size = Math.max(1, Math.min(v.config.pageSize, Number.isInteger(max) && max > 0 ? max : 25));
  const skip = url.searchParams.get('$skiptoken');
  let offset = 0;
  if (skip) {
    try {
      offset = (JSON.parse(Buffer.from(skip, 'base64url').toString('utf8')) as { o: number }).o;
    } catch {
      return { status: 400, body: kvError('BadParameter', 'The $skiptoken is not valid.') };
    }
  }
  const value = items.slice(offset, offset + size);
  const next = offset + size < items.length
    ? `${base}${path}?api-version=${url.searchParams.get('api-version')}&$skiptoken=${Buffer.from(JSON.stringify({ o: offset + size })).toString('base64url')}&maxresults=${size}`
    : null;
  return { status: 200, body: { value, nextLink: next } };
}

function attributes(v: VaultState, ver: SecretVersion): Record<string, unknown> {
  return {
    enabled: ver.enabled,
    ...(ver.nbf !== undefined ? { nbf: ver.nbf } : {}),
    ...(ver.exp !== undefined ? { exp: ver.exp } : {}),
    created: ver.created,
    updated: ver.updated,
    recoveryLevel: v.recoveryLevel,
    ...(v.config.softDelete ? { recoverableDays: v.config.retentionDays } : {}),
  };
}

function item(idBase: string, v: VaultState, r: SecretRecord): Record<string, unknown> {
  const ver = latest(r);
  return {
    id: `${idBase}/secrets/${r.name}`,
    attributes: attributes(v, ver),
    ...(ver.contentType !== undefined ? { contentType: ver.contentType } : {}),
    ...(ver.tags !== undefined ? { tags: ver.tags } : {}),
    ...(r.managed ? { managed: true } : {}),
  };
}

function versionItem(idBase: string, v: VaultState, r: SecretRecord, ver: SecretVersion): Record<string, unknown> {
  return { ...item(idBase, v, { ...r, versions: [ver] }), id: `${idBase}/secrets/${r.name}/${ver.version}` };
}

function bundle(idBase: string, v: VaultState, r: SecretRecord, ver: SecretVersion, withValue: boolean): Record<string, unknown> {
  return {
    ...(withValue ? { value: ver.value } : {}),
    id: `${idBase}/secrets/${r.name}/${ver.version}`,
    attributes: attributes(v, ver),
    ...(ver.contentType !== undefined ? { contentType: ver.contentType } : {}),
    ...(ver.tags !== undefined ? { tags: ver.tags } : {}),
    ...(r.managed ? { managed: true } : {}),
  };
}

function deletedBundle(idBase: string, v: VaultState, d: DeletedRecord): Record<string, unknown> {
  const b = bundle(idBase, v, d.record, latest(d.record), false);
  if (!v.config.softDelete) return b;
  return { recoveryId: `${idBase}/deletedsecrets/${d.record.name}`, deletedDate: d.deletedDate, scheduledPurgeDate: d.scheduledPurgeDate, ...b };
}

function deletedItem(idBase: string, v: VaultState, d: DeletedRecord): Record<string, unknown> {
  const i = item(idBase, v, d.record);
  return { recoveryId: `${idBase}/deletedsecrets/${d.record.name}`, deletedDate: d.deletedDate, scheduledPurgeDate: d.scheduledPurgeDate, ...i };
}
