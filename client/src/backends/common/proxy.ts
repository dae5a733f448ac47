/**
 * One proxy policy for every backend (Kubernetes, MLRun API, Azure Key Vault and its sign-in): VS Code's
 * `http.proxy`, else the `HTTPS_PROXY` / `HTTP_PROXY` variables (lower case too) as VS Code itself reads them;
 * hosts in `http.noProxy` and `NO_PROXY` go direct. The extension decides per target here and hands each SDK
 * the outcome (the MLRun API client and Key Vault get the tunnel agent below; the Kubernetes client gets the
 * cluster's `proxy-url`, which a kubeconfig may also set itself and then wins, as for kubectl).
 * A proxy URL may carry `user:password@` (sent as Proxy-Authorization, never logged).
 */
import type { RequestOptions } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions } from 'node:https';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';

export interface ProxyPolicy {
  /** VS Code's `http.proxy` (empty: the environment decides). */
  readonly setting?: string;
  readonly httpsProxy?: string;
  readonly httpProxy?: string;
  /** Hosts that go direct: exact names, `.suffix` / `*.suffix`, or `*`. */
  readonly noProxy: readonly string[];
}

/** The policy from VS Code's settings and the environment. Pure. */
export function proxyPolicy(settings: { proxy?: string; noProxy?: readonly string[] }, env: NodeJS.ProcessEnv): ProxyPolicy {
  const split = (v: string | undefined): string[] => (v ?? '').split(',').map(s => s.trim()).filter(Boolean);
  const setting = settings.proxy?.trim();
  const httpsProxy = env.HTTPS_PROXY || env.https_proxy || undefined;
  const httpProxy = env.HTTP_PROXY || env.http_proxy || undefined;
  return {
    ...(setting ? { setting } : {}),
    ...(httpsProxy ? { httpsProxy } : {}),
    ...(httpProxy ? { httpProxy } : {}),
    noProxy: [...(settings.noProxy ?? []).map(s => s.trim()).filter(Boolean), ...split(env.NO_PROXY ?? env.no_proxy)],
  };
}

export function bypassProxy(host: string, noProxy: readonly string[] | undefined): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return (noProxy ?? []).some(raw => {
    const p = raw.trim().toLowerCase();
    if (!p) return false;
    if (p === '*') return true;
    const suffix = p.startsWith('*.') ? p.slice(1) : p.startsWith('.') ? p : undefined;
    return suffix ? h.endsWith(suffix) || h === suffix.slice(1) : h === p;
  });
}

/** The proxy to reach `target` through, or undefined to go direct (or when the proxy URL is not usable). */
export function proxyFor(policy: ProxyPolicy, target: string | URL): URL | undefined {
  const url = typeof target === 'string' ? new URL(target) : target;
  if (bypassProxy(url.hostname, policy.noProxy)) return undefined;
  const raw = policy.setting ?? (url.protocol === 'https:' ? policy.httpsProxy ?? policy.httpProxy : policy.httpProxy);
  if (!raw) return undefined;
  try {
    const proxy = new URL(raw.includes('://') ? raw : `http://${raw}`);
    return proxy.protocol === 'http:' || proxy.protocol === 'https:' ? proxy : undefined;
  } catch {
    return undefined;
  }
}

/** `http://host:port` of a proxy, for log lines (credentials left out). */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

export class ProxyError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'ProxyError';
  }
}

export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const pair = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

function connectToProxy(proxy: URL, ca: AgentOptions['ca']): Socket {
  const port = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
  const host = proxy.hostname.replace(/^\[|\]$/g, '');
  if (proxy.protocol === 'https:') return tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ca });
  return netConnect({ host, port });
}

/** An https.Agent that reaches the target through a CONNECT tunnel; TLS (and `tlsOptions.ca`) is end to end. */
export class TunnelAgent extends HttpsAgent {
  constructor(private readonly proxy: URL, private readonly tlsOptions: AgentOptions) {
    super({ ...tlsOptions, keepAlive: false });
  }

  override createConnection(requestOptions: RequestOptions, cb?: (err: Error | null, stream: Duplex) => void): undefined {
    const options = requestOptions as ConnectionOptions & { host?: string; port?: number };
    const callback = (err: Error | null, socket?: Socket): void => cb?.(err, socket as Duplex);
    const targetHost = String(options.host ?? options.servername ?? '');
    const target = `${targetHost.includes(':') ? `[${targetHost}]` : targetHost}:${options.port}`;
    const socket = connectToProxy(this.proxy, this.tlsOptions.ca);
    let buffered = Buffer.alloc(0);
    const fail = (e: Error): void => {
      socket.destroy();
      callback(e);
    };
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buffered.length > 64 * 1024) fail(new ProxyError('the proxy sent an oversized CONNECT response'));
        return;
      }
      socket.off('data', onData);
      socket.off('error', fail);
      const statusLine = buffered.subarray(0, buffered.indexOf('\r\n')).toString('latin1');
      const status = Number(/^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(statusLine)?.[1] ?? 0);
      if (status !== 200) return fail(new ProxyError(`the proxy answered CONNECT with ${statusLine || 'nothing'}`, status));
      const name = targetHost.replace(/^\[|\]$/g, '');
      // host: what the certificate is checked against (the target, not the proxy).
      const tlsSocket = tlsConnect({ ...this.tlsOptions, socket, host: name, ...(isIP(name) ? {} : { servername: name }) });
      callback(null, tlsSocket);
    };
    socket.on('data', onData);
    socket.once('error', fail);
    const auth = proxyAuthorization(this.proxy);
    socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth ? `Proxy-Authorization: ${auth}\r\n` : ''}\r\n`);
    return undefined;
  }
}
