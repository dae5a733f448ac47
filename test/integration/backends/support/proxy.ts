/**
 * A small HTTP proxy on loopback for the proxy tests: CONNECT tunnels (for https targets) and absolute-form
 * forwarding (for http targets), optional `Proxy-Authorization` requirement, and a record of what went through.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface TestProxy {
  url: string;
  /** `host:port` of every CONNECT, and the absolute URL of every forwarded request. */
  seen: string[];
  stop(): Promise<void>;
}

/**
 * `resolveTo` connects every target to that address instead of resolving its name (test host names such as
 * `<vault>.vault.localhost` stay on loopback without DNS).
 */
export async function startProxy(options: { requireAuth?: string; resolveTo?: string } = {}): Promise<TestProxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const authorized = (req: IncomingMessage): boolean =>
    !options.requireAuth || req.headers['proxy-authorization'] === `Basic ${Buffer.from(options.requireAuth).toString('base64')}`;
  const server: Server = createServer((req, res) => {
    if (!authorized(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' });
      return res.end();
    }
    seen.push(req.url ?? '');
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = request({ host: options.resolveTo ?? target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers }, up => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (!authorized(req)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
      return;
    }
    seen.push(req.url ?? '');
    const [host, port] = splitHostPort(req.url ?? '');
    const upstream = connect(Number(port), options.resolveTo ?? host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

function splitHostPort(hostPort: string): [string, string] {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(hostPort) ?? /^([^:]+):(\d+)$/.exec(hostPort);
  return m ? [m[1]!, m[2]!] : [hostPort, '443'];
}
