/**
 * Plain `node:http`/`node:https` requests for the MLRun API: extra CA certificates (added to the system's), an
 * HTTP(S) proxy (CONNECT tunnel for https targets, absolute-form requests for http targets, `user:pass@` in the
 * proxy URL as Proxy-Authorization; the tunnel and the bypass rules are common/proxy.ts), a per-request timeout and
 * the caller's AbortSignal, and a cap on the body.
 * Network errors are thrown as they are; `client.ts` turns them into sentences.
 */
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest, type AgentOptions } from 'node:https';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { bypassProxy, proxyAuthorization, TunnelAgent } from '../common/proxy';

export { ProxyError } from '../common/proxy';

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
