/**
 * Plain `node:http`/`node:https` requests for the MLRun API: extra CA certificates (added to the system's), an
 * HTTP(S) proxy (CONNECT tunnel for https targets, absolute-form requests for http targets, `user:pass@` in the
 * proxy URL as Proxy-Authorization), a per-request timeout and the caller's AbortSignal, and a cap on the body.
 * Network errors are thrown as they are; `client.ts` turns them into sentences.
 */
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders, type RequestOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import { Agent as HttpsAgent, request as httpsRequest, type AgentOptions } from 'node:https';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, rootCertificates, type ConnectionOptions } from 'node:tls';

export interface HttpTarget {
  /** Extra trusted CA certificates (PEM), added to Node's root store. */
  caPem?: string;
  /** `http://[user:pass@]proxy:port` (or https://). */
  proxyUrl?: string;
  /** Hosts that bypass the proxy (exact names or `.suffix` / `*.suffix`). */
  noProxy?: string[];
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export class ProxyError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'ProxyError';
  }
}

function bypassProxy(host: string, noProxy: string[] | undefined): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return (noProxy ?? []).some(raw => {
    const p = raw.trim().toLowerCase();
    if (!p) return false;
    if (p === '*') return true;
    const suffix = p.startsWith('*.') ? p.slice(1) : p.startsWith('.') ? p : undefined;
    return suffix ? h.endsWith(suffix) || h === suffix.slice(1) : h === p;
  });
}

function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const pair = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

function connectToProxy(proxy: URL, ca: string[] | undefined): Socket {
  const port = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
  const host = proxy.hostname.replace(/^\[|\]$/g, '');
  if (proxy.protocol === 'https:') return tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ca });
  return netConnect({ host, port });
}

/** An https.Agent that reaches the target through a CONNECT tunnel. */
class TunnelAgent extends HttpsAgent {
  constructor(private readonly proxy: URL, private readonly tlsOptions: AgentOptions) {
    super({ ...tlsOptions, keepAlive: false });
  }

  override createConnection(requestOptions: RequestOptions, cb?: (err: Error | null, stream: Duplex) => void): undefined {
    const options = requestOptions as ConnectionOptions & { host?: string; port?: number };
    const callback = (err: Error | null, socket?: Socket): void => cb?.(err, socket as Duplex);
    const targetHost = String(options.host ?? options.servername ?? '');
    const target = `${targetHost.includes(':') ? `[${targetHost}]` : targetHost}:${options.port}`;
    const socket = connectToProxy(this.proxy, this.tlsOptions.ca as string[] | undefined);
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

export interface SendOptions {
  method: string;
  url: URL;
  headers: OutgoingHttpHeaders;
  body?: Buffer;
  signal: AbortSignal;
}

/** Sends one request and reads the whole response (up to MAX_RESPONSE_BYTES). */
export function send(target: HttpTarget, options: SendOptions): Promise<HttpResponse> {
  const { url } = options;
  const https = url.protocol === 'https:';
  const ca = target.caPem ? [...rootCertificates, target.caPem] : undefined;
  const proxy = target.proxyUrl && !bypassProxy(url.hostname, target.noProxy) ? new URL(target.proxyUrl) : undefined;
  const headers: OutgoingHttpHeaders = { ...options.headers };
  if (options.body) headers['content-length'] = options.body.length;
  const base = { method: options.method, headers, signal: options.signal };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (https ? 443 : 80));

  return new Promise<HttpResponse>((resolve, reject) => {
    let req;
    if (https) {
      const tlsOptions: AgentOptions = ca ? { ca } : {};
      const agent = proxy ? new TunnelAgent(proxy, tlsOptions) : undefined;
      req = httpsRequest({ ...base, host, port, path: url.pathname + url.search, ...(isIP(host) ? {} : { servername: host }), ...tlsOptions, ...(agent ? { agent } : {}) });
    } else if (proxy) {
      const auth = proxyAuthorization(proxy);
      if (auth) headers['proxy-authorization'] = auth;
      headers.host = url.host;
      const proxyPort = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
      const proxyHost = proxy.hostname.replace(/^\[|\]$/g, '');
      const requestFn = proxy.protocol === 'https:' ? httpsRequest : httpRequest;
      req = requestFn({ ...base, host: proxyHost, port: proxyPort, path: url.href, ...(proxy.protocol === 'https:' && ca ? { ca } : {}) });
    } else {
      req = httpRequest({ ...base, host, port, path: url.pathname + url.search });
    }
    req.on('response', res => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_RESPONSE_BYTES) {
          res.destroy(new Error(`response larger than ${MAX_RESPONSE_BYTES} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
      res.on('aborted', () => reject(Object.assign(new Error('the response was cut off'), { code: 'ECONNRESET' })));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
