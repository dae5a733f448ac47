/**
 * A tiny route table and HTTP(S) server for the doubles (never shipped; loopback only).
 *
 * Routes are `METHOD /path/:param/...`; a static segment beats a `:param` at the same position, so a specific
 * route (e.g. `/api/v1/namespaces/:ns/pods/:name/log`) can be added next to generic ones in any order. Handlers
 * are async and may await between a read and a write: nothing serialises requests, so races are real.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Faults } from './faults';

export interface RouteContext<P = unknown> {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  url: URL;
  query: URLSearchParams;
  params: Record<string, string>;
  /** Set by the double's authenticator before the handler runs. */
  principal: P;
  /** The raw request body (read once, cached). */
  body(): Promise<Buffer>;
  /** Sends a JSON (or, for a string body, text) response. */
  send(status: number, body?: unknown, headers?: Record<string, string>): void;
}

export type Handler<P = unknown> = (ctx: RouteContext<P>) => Promise<void> | void;

export interface Route<P = unknown> {
  method: string;
  /** `/api/v1/namespaces/:namespace/secrets/:name`; segments are matched URL-decoded. */
  path: string;
  handler: Handler<P>;
  /** Skip authentication (e.g. MLRun's `client-spec`, Kubernetes' `/version`). */
  anonymous?: boolean;
}

interface CompiledRoute<P> extends Route<P> {
  segments: string[];
}

export class Router<P = unknown> {
  private routes: CompiledRoute<P>[] = [];

  add(method: string, path: string, handler: Handler<P>, options: { anonymous?: boolean } = {}): void {
    this.routes.push({ method: method.toUpperCase(), path, handler, anonymous: options.anonymous, segments: split(path) });
  }

  addRoutes(routes: readonly Route<P>[]): void {
    for (const r of routes) this.add(r.method, r.path, r.handler, { anonymous: r.anonymous });
  }

  /** The best route for the request, or the methods allowed on the path (405), or nothing (404). */
  match(method: string, path: string): { route: CompiledRoute<P>; params: Record<string, string> } | { allowed: string[] } | undefined {
    let segments: string[];
    try {
      segments = split(path).map(decodeURIComponent);
    } catch {
      return undefined;
    }
    const candidates: { route: CompiledRoute<P>; params: Record<string, string> }[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (params) candidates.push({ route, params });
    }
    if (candidates.length === 0) return undefined;
    candidates.sort((a, b) => specificity(b.route.segments) - specificity(a.route.segments));
    const best = candidates.find(c => c.route.method === method.toUpperCase() || c.route.method === '*');
    if (best) return best;
    return { allowed: [...new Set(candidates.map(c => c.route.method))] };
  }
}

function split(path: string): string[] {
  return path.split('/').filter(s => s.length > 0);
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.startsWith(':')) params[p.slice(1)] = actual[i]!;
    else if (p !== actual[i]) return undefined;
  }
  return params;
}

/** Higher = more static segments, earlier ones weighing more. */
function specificity(segments: string[]): number {
  let score = 0;
  for (let i = 0; i < segments.length; i++) if (!segments[i]!.startsWith(':')) score += 2 ** (32 - Math.min(i, 31));
  return score;
}

export interface RequestRecord {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

export interface DoubleServerOptions<P> {
  router: Router<P>;
  faults: Faults;
  /** HTTPS when given. `requestCert` asks for (but does not require) a client certificate. */
  tls?: { certPem: string; keyPem: string; caPem?: string; requestCert?: boolean };
  host?: string;
  port?: number;
  /** Authenticates a request; returns the principal, or answers the request itself and returns undefined. */
  authenticate(ctx: RouteContext<P>): Promise<P | undefined> | P | undefined;
  notFound(ctx: RouteContext<P>): void;
  methodNotAllowed(ctx: RouteContext<P>, allowed: string[]): void;
  internalError(ctx: RouteContext<P>, error: unknown): void;
}

export interface DoubleServer {
  url: string;
  port: number;
  host: string;
  server: Server;
  /** Every request seen, in order (method, URL, status, headers; never bodies). */
  requests: RequestRecord[];
  stop(): Promise<void>;
}

/** Starts an HTTP(S) server on an ephemeral loopback port. */
export async function startDoubleServer<P>(options: DoubleServerOptions<P>): Promise<DoubleServer> {
  const requests: RequestRecord[] = [];
  const sockets = new Set<Socket>();
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void handle(options, req, res, requests);
  };
  const server: Server = options.tls
    ? createHttpsServer({
        cert: options.tls.certPem,
        key: options.tls.keyPem,
        ca: options.tls.caPem,
        requestCert: options.tls.requestCert ?? false,
        rejectUnauthorized: false,
      }, handler)
    : createHttpServer(handler);
  server.on(options.tls ? 'secureConnection' : 'connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  // Plain TCP sockets too (a TLS handshake that never completes must not keep the server alive).
  if (options.tls) server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${hostInUrl}:${port}`,
    port,
    host,
    server,
    requests,
    async stop() {
      options.faults.releaseHung();
      for (const s of sockets) s.destroy();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

async function handle<P>(options: DoubleServerOptions<P>, req: IncomingMessage, res: ServerResponse, log: RequestRecord[]): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://double.invalid');
  const record: RequestRecord = { method: req.method ?? 'GET', url: req.url ?? '/', status: 0, headers: { ...req.headers } };
  log.push(record);
  res.on('finish', () => {
    record.status = res.statusCode;
  });
  let cached: Promise<Buffer> | undefined;
  const ctx: RouteContext<P> = {
    req,
    res,
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    url,
    query: url.searchParams,
    params: {},
    principal: undefined as P,
    body() {
      cached ??= new Promise<Buffer>((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => resolve(Buffer.concat(chunks)));
        req.on('error', reject);
      });
      return cached;
    },
    send(status, body, headers) {
      if (res.headersSent || res.destroyed) return;
      if (body === undefined) {
        res.writeHead(status, headers ?? {});
        res.end();
        return;
      }
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, {
        'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
        ...headers,
      });
      res.end(text);
    },
  };
  try {
    if ((await options.faults.apply(req, res, url.pathname)) === 'handled') return;
    const found = options.router.match(ctx.method, url.pathname);
    if (found && 'route' in found && !found.route.anonymous) {
      const principal = await options.authenticate(ctx);
      if (principal === undefined) return;
      ctx.principal = principal;
    }
    if (!found) return options.notFound(ctx);
    if ('allowed' in found) return options.methodNotAllowed(ctx, found.allowed);
    ctx.params = found.params;
    await found.route.handler(ctx);
    if (!res.headersSent && !res.destroyed) {
      // A handler that forgot to answer is a bug in the double: make it visible.
      options.internalError(ctx, new Error(`handler for ${ctx.method} ${url.pathname} sent no response`));
    }
  } catch (error) {
    if (!res.headersSent && !res.destroyed) options.internalError(ctx, error);
  }
}

/** Yields to the event loop, so concurrent requests interleave between a handler's read and its write. */
export function interleave(): Promise<void> {
  return new Promise(resolve => setImmediate(resolve));
}
