/**
 * File names that are not valid UTF-8 (POSIX names are bytes). Node decodes such a name with U+FFFD, after which
 * the path names no file. They are kept as strings the way Python's `surrogateescape` does: each byte that is not
 * part of valid UTF-8 becomes the lone surrogate U+DC80–U+DCFF, which no valid name can contain. `fsPath` turns such
 * a string back into the bytes for fs calls; `displayPath` and `uriPath` print it losslessly.
 */
import { isUtf8 } from 'node:buffer';

/** A lone low surrogate in U+DC80–U+DCFF (the low half of a valid pair does not count). */
const ESCAPED = /(?<![\ud800-\udbff])[\udc80-\udcff]/;

/** A directory entry or `git ls-files -z` name from its bytes. */
export function decodeName(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const n = validSequence(bytes, i);
    if (n > 0) {
      out += bytes.toString('utf8', i, i + n);
      i += n;
    } else {
      out += String.fromCharCode(0xdc00 + bytes[i]);
      i++;
    }
  }
  return out;
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0. */
function validSequence(b: Buffer, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0; // no surrogates
  if (c >= 0xe1 && c <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** True when `p` holds bytes that are not valid UTF-8 (escaped). */
export function hasEscapes(p: string): boolean {
  return ESCAPED.test(p);
}

/** The bytes of an escaped path (UTF-8 for everything else). */
function toBytes(p: string): Buffer {
  const parts: Buffer[] = [];
  let run = '';
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff && !(i > 0 && p.charCodeAt(i - 1) >= 0xd800 && p.charCodeAt(i - 1) <= 0xdbff)) {
      if (run) { parts.push(Buffer.from(run, 'utf8')); run = ''; }
      parts.push(Buffer.from([c - 0xdc00]));
    } else {
      run += p[i];
    }
  }
  if (run) parts.push(Buffer.from(run, 'utf8'));
  return Buffer.concat(parts);
}

/** What to pass to `fs` for a path: the string itself, or its bytes when it holds escaped bytes. */
export function fsPath(p: string): string | Buffer {
  return hasEscapes(p) ? toBytes(p) : p;
}

const C_ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x22: '\\"', 0x5c: '\\\\' };

/**
 * A path for messages and reports: as is, or — when it is not valid UTF-8, holds a control character or starts
 * with `"` — quoted as git quotes paths (`"dir/caf\351.py"`: octal escapes for such bytes, `\"`, `\\`, `\n`…).
 * A quoted path always starts with `"` and an unquoted one never does, so both read back to the exact bytes.
 */
export function displayPath(p: string): string {
  // eslint-disable-next-line no-control-regex
  if (!hasEscapes(p) && !/[\x00-\x1f\x7f]/.test(p) && !p.startsWith('"')) return p;
  let out = '"';
  for (const ch of p) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xdc80 && c <= 0xdcff) out += `\\${(c - 0xdc00).toString(8).padStart(3, '0')}`;
    else if (C_ESCAPES[c] !== undefined) out += C_ESCAPES[c];
    else if (c < 0x20 || c === 0x7f) out += `\\${c.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** A relative `/`-separated path as a URI reference: every byte outside the unreserved set percent-encoded. */
export function uriPath(p: string): string {
  return p.split('/').map(seg => {
    const bytes = toBytes(seg);
    let out = '';
    for (const b of bytes) {
      const unreserved = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2d || b === 0x2e || b === 0x5f || b === 0x7e;
      out += unreserved ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
  }).join('/');
}
