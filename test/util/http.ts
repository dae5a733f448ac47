/** A raw HTTP(S) request for wire-format checks against the doubles (no SDK in between). */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: any;
}

export interface CallOptions {
  method?: string;
  /** A string is sent as it is (name its content-type in `headers`); anything else as JSON, with its content-type. */
  body?: unknown;
  headers?: Record<string, string>;
  /** PEM of the CA an https URL is trusted by. */
  ca?: string;
}

export function call(url: string | URL, o: CallOptions = {}): Promise<Reply> {
  const target = new URL(url);
  const json = o.body !== undefined && typeof o.body !== 'string';
  const body = json ? JSON.stringify(o.body) : o.body as string | undefined;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, { method: o.method ?? 'GET', headers: { ...(json ? { 'content-type': 'application/json' } : {}), ...o.headers }, ca: o.ca }, res => {
      const chunks: Buffer[] = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
