/**
 * Echo mode of the doubles (never shipped): a hostile or careless server that reflects what it was sent — the values
 * in the request body and the credentials in its headers — back in an error message, written the way real servers
 * and jobs write text: raw, JSON (JavaScript's, Python's `ensure_ascii`, Go's HTML-safe), Python repr / ascii /
 * bytes repr / `print(dict)`, URL-encoded three ways, base64 four ways, upper/lower case, one line, truncated
 * (plain, `reprlib`). Each double turns `echoMessage(...)` into its own error body.
 *
 *   k8s.faults.next(1, { kind: 'echo', status: 400, encoding: 'pyRepr' });
 */
import type { IncomingMessage } from 'node:http';
import { pyRepr } from './mlrun/errors';

export const ECHO_ENCODINGS = [
  'raw', 'json', 'jsonAscii', 'goJson', 'pyRepr', 'pyAscii', 'pyDict', 'pyBytes', 'quote', 'quotePlus',
  'encodeURIComponent', 'base64', 'base64Unpadded', 'base64Url', 'basicPair', 'upper', 'lower', 'upperJsonAscii',
  'firstLine', 'lastLine', 'collapsed', 'truncated', 'reprlib', 'htmlEscaped',
] as const;
export type EchoEncoding = (typeof ECHO_ENCODINGS)[number];

/** Every echo message starts with this, so a test can tell whether the server's text was shown at all. */
export const ECHO_MARKER = 'echoed-by-double';

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Python's `json.dumps(s)` (ensure_ascii=True): `\uXXXX` for everything outside printable ASCII, pairs for astral. */
export function jsonAscii(s: string): string {
  return JSON.stringify(s).replace(/[^\x20-\x7e]/g, c => `\\u${hex(c.charCodeAt(0), 4)}`);
}

/** Go's `json.Marshal`: HTML-safe (`<`, `>`, `&` escaped), U+2028/2029 escaped, the rest as UTF-8. */
export function goJson(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, c => `\\u${hex(c.charCodeAt(0), 4)}`);
}

/** Python's `ascii(s)`: repr with every non-ASCII character escaped. */
export function pyAscii(s: string): string {
  return pyRepr(s).replace(/[^\p{ASCII}]/gu, ch => {
    const cp = ch.codePointAt(0)!;
    return cp <= 0xff ? `\\x${hex(cp, 2)}` : cp <= 0xffff ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
  });
}

/** Python's `repr(s.encode())`: `b'...'`, `\xNN` for bytes outside printable ASCII. */
export function pyBytes(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  let out = `b${quote}`;
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (b < 0x20 || b >= 0x7f) out += `\\x${hex(b, 2)}`;
    else out += ch;
  }
  return out + quote;
}

/** Python's `urllib.parse.quote(s, safe)`: unreserved characters and `safe` kept, the rest %XX of UTF-8. */
export function pyQuote(s: string, safe = '/'): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(b);
    out += /[A-Za-z0-9_.~-]/.test(ch) || (b < 0x80 && safe.includes(ch)) ? ch : `%${hex(b, 2).toUpperCase()}`;
  }
  return out;
}

/** `reprlib.repr(s)` (maxstring 30): the repr's first 13 and last 14 characters around "...". */
export function reprlib(s: string): string {
  const r = pyRepr(s);
  return r.length > 30 ? `${r.slice(0, 13)}...${r.slice(-14)}` : r;
}

function html(s: string): string {
  return s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`).replace(/[^\p{ASCII}]/gu, ch => `&#x${ch.codePointAt(0)!.toString(16)};`);
}

function lines(s: string): string[] {
  return s.split(/\r\n|\r|\n/);
}

/** `s` written in `encoding`, as it would appear inside a server's message (quotes included where the encoder adds them). */
export function encodeEcho(s: string, encoding: EchoEncoding): string {
  switch (encoding) {
    case 'raw': return s;
    case 'json': return JSON.stringify(s);
    case 'jsonAscii': return jsonAscii(s);
    case 'goJson': return goJson(s);
    case 'pyRepr': return pyRepr(s);
    case 'pyAscii': return pyAscii(s);
    case 'pyDict': return `{'KEY': ${pyRepr(s)}, 'other': 1}`;
    case 'pyBytes': return pyBytes(s);
    case 'quote': return pyQuote(s);
    case 'quotePlus': return pyQuote(s, ' ').replace(/ /g, '+');
    case 'encodeURIComponent': return encodeURIComponent(s);
    case 'base64': return Buffer.from(s, 'utf8').toString('base64');
    case 'base64Unpadded': return Buffer.from(s, 'utf8').toString('base64').replace(/=+$/, '');
    case 'base64Url': return Buffer.from(s, 'utf8').toString('base64url');
    case 'basicPair': return `Basic ${Buffer.from(`someone:${s}`, 'utf8').toString('base64')}`;
    case 'upper': return s.toUpperCase();
    case 'lower': return s.toLowerCase();
    case 'upperJsonAscii': return jsonAscii(s.toUpperCase());
    case 'firstLine': return lines(s)[0]!;
    case 'lastLine': return lines(s).at(-1)!;
    case 'collapsed': return s.replace(/\s+/g, ' ');
    case 'truncated': return `${[...s].slice(0, Math.max(12, Math.floor([...s].length * 0.6))).join('')}...`;
    case 'reprlib': return reprlib(s);
    case 'htmlEscaped': return html(s);
  }
}

/** The message an echoing server sends: a marker, then each secret it saw in `encoding`. */
export function echoMessage(secrets: readonly string[], encoding: EchoEncoding): string {
  return `${ECHO_MARKER} (${encoding}): ${secrets.map(s => `value ${encodeEcho(s, encoding)} rejected`).join('; ')}`;
}

/** Credentials a request carries: a bearer token, a basic user:password pair and its password, a session cookie's sid. */
export function credentialsOf(req: IncomingMessage): string[] {
  const out: string[] = [];
  const auth = req.headers.authorization ?? '';
  if (/^Bearer /i.test(auth)) out.push(auth.slice(7).trim());
  if (/^Basic /i.test(auth)) {
    const pair = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
    out.push(pair.slice(pair.indexOf(':') + 1));
  }
  const sid = /session=j:\{"sid": "([^"]*)"\}/.exec(req.headers.cookie ?? '')?.[1];
  if (sid) out.push(sid);
  return out.filter(Boolean);
}

/** Reads a request's whole body. */
export function readRequestBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
