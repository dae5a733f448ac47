/** Small HTTP helpers shared by the Azure doubles. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the doubles remember of a request: never a body, a header value or a token. */
export interface RecordedRequest {
  server: 'vault' | 'entra';
  method: string;
  host: string;
  /** Full URL as received (path and query). */
  url: string;
  path: string;
  /** Vault the request addressed (Key Vault double only). */
  vault?: string;
  /** Whether an `Authorization` header was present. */
  authorized: boolean;
  status: number;
}

export function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) } : { 'content-length': '0' }),
    'x-ms-request-id': cryptoId(),
    ...headers,
  });
  res.end(text);
}

let counter = 0;
function cryptoId(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}
