/**
 * MLS011 connection-string-password: a URL whose user information holds a password
 * (`postgresql://app:hunter2@db:5432/sales`, `https://user:token@github.com/org/repo.git`) in a Python string
 * literal, a YAML value or an env file. The finding sits on the password; no message names it or the URL.
 *
 * Obvious stand-ins are not reported: references and templates (`${DB_PASSWORD}`, `$PASS`, `{password}`, `%s`,
 * `{{ … }}`), placeholders (`<password>`, `***`, `xxx`, `changeme`, `password`, `pass`, …), a password equal to the
 * user (`guest:guest`), well-known defaults (`postgres`, `minioadmin`, …) and the hosts reserved for examples
 * (`example.com`, `*.example`, `*.test`, `*.invalid`). In Python only string literals count — not comments,
 * docstrings or other strings inside expressions that are not literals.
 */
import { secretValueKind } from '../../../../shared/src/secretNames';
import { RULES } from '../../../../shared/src/rules';
import { finding, type Finding, type Span } from '../findings';
import type { Node } from '../parser';
import { ownCopy, type Chunk, type PythonSource } from '../python/source';

export interface CredentialUrl {
  scheme: string;
  /** The password characters. */
  password: Span;
}

/** Passwords that tests, tutorials and images use as stand-ins, beyond the placeholder words of secretNames. */
const STAND_INS = new Set([
  'pass', 'passwd', 'pwd', 'pw', 'secret', 'password1', 'pass123', 'test123', 'testing', 'tester', 'foo', 'bar',
  'baz', 'qux', 'spam', 'eggs', 'abc', 'abc123', '123', '1234', '12345', '123456', 'user', 'username', 'postgres',
  'root', 'admin', 'administrator', 'guest', 'mysql', 'minioadmin', 'minio123', 'mlrun', 'demo', 'pw1', 'pwd1',
]);

const RESERVED_HOST = /(^|\.)(example\.(com|org|net)|example|test|invalid|localhost\.localdomain)$/i;

/** True when a password found in a URL is plainly not a real one. */
export function isStandInPassword(password: string, user: string): boolean {
  const p = password.trim();
  let decoded = p;
  try { decoded = decodeURIComponent(p); } catch { /* keep the raw text */ }
  if (secretValueKind(decoded, 'password') !== 'literal') return true;
  if (STAND_INS.has(decoded.toLowerCase())) return true;
  // Format fields and printf conversions: the value comes from elsewhere.
  if (/^\{[^{}]*\}$/.test(p) || /^%(\([^)]*\))?[sdr]$/.test(p) || /\{[A-Za-z_][\w.]*\}|\$\{|\$\(|\$[A-Za-z_]/.test(p)) return true;
  return user !== '' && decoded === user;
}

const SCHEME_END = /[A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/$/;
/** Characters that end a URL's authority (or the URL) in code and text. */
const AUTHORITY_END = /[\s/?#'"`<>\\,;()[\]{}|^]/;

/** Credential URLs in text[from, to). Cheap: one indexOf per `://`. */
export function credentialUrls(text: string, from = 0, to = text.length): CredentialUrl[] {
  const out: CredentialUrl[] = [];
  let i = text.indexOf('://', from);
  while (i >= 0 && i < to) {
    const m = SCHEME_END.exec(text.slice(Math.max(from, i - 32), i + 3));
    const start = i + 3;
    let end = start;
    let braces = 0;
    while (end < to && end - start < 512) {
      const c = text[end];
      // `{user}:{password}` fields stay inside the authority.
      if (c === '{') braces++;
      else if (c === '}' && braces > 0) braces--;
      else if (braces === 0 && AUTHORITY_END.test(c)) break;
      end++;
    }
    // Bounded searches: a file of many `://` without `@` must stay linear.
    let at = end - 1;
    while (at >= start && text[at] !== '@') at--;
    if (m && at >= start) {
      let colon = start;
      while (colon < at && text[colon] !== ':') colon++;
      if (colon < at) {
        const user = text.slice(start, colon);
        const password = text.slice(colon + 1, at);
        const host = text.slice(at + 1, end).replace(/:\d*$/, '');
        if (password !== '' && host !== '' && !RESERVED_HOST.test(host) && !/[\s@]/.test(user) && !isStandInPassword(password, user)) {
          out.push({ scheme: m[0].slice(0, -3).toLowerCase(), password: { s: colon + 1, e: at } });
        }
      }
    }
    i = text.indexOf('://', Math.max(end, i + 3));
  }
  return out;
}

/**
 * Quick check on raw bytes or text: is there a `://` followed, within 512 characters and before the authority
 * ends, by `…:…@`? Linear, and made of native searches for rare characters (`@`, `/`): most files cost two
 * memchr-speed scans, and bytes are read only between a `://` and a near `@`.
 */
export function mayHoldCredentialUrl(content: { indexOf(s: string, from?: number): number; length: number }, byteAt: (i: number) => number): boolean {
  let at = content.indexOf('@');
  if (at < 0) return false;
  for (let i = content.indexOf('//'); i >= 0; i = content.indexOf('//', i + 2)) {
    if (i === 0 || byteAt(i - 1) !== 58 /* : */) continue;
    const from = i + 2;
    if (at < from) {
      at = content.indexOf('@', from);
      if (at < 0) return false;
    }
    if (at - from > 512) continue;
    let colon = false;
    for (let j = from; j < at; j++) {
      const c = byteAt(j);
      if (c === 58) colon = true;
      else if (c <= 32 || c === 47 || c === 34 || c === 39 || c === 96 || c === 35 || c === 63) { colon = false; break; }
    }
    if (colon) return true;
  }
  return false;
}

export function credentialUrlFinding(module: number, url: CredentialUrl, where: string): Finding {
  return finding('MLS011', RULES.MLS011.defaultSeverity, module, url.password,
    `This ${url.scheme}:// URL ${where} embeds a password: anyone with the file has it. ${RULES.MLS011.fix}`);
}

/** Node types that hold the characters of a string literal (not its prefix, quotes or f-string fields). */
function inStringContent(n: Node | null): Node | null {
  for (let x = n; x; x = x.parent) {
    if (x.type === 'string_content') return x;
    if (x.type === 'interpolation' || x.type === 'comment') return null;
  }
  return null;
}

/** A string that is a statement of its own (a docstring, or a string used as a comment). */
function isDocString(content: Node): boolean {
  let str = content.parent;
  if (str?.parent?.type === 'concatenated_string') str = str.parent;
  const stmt = str?.parent;
  return stmt?.type === 'expression_statement' && stmt.namedChildCount === 1;
}

/** A chunk's credential URLs in string literals (relative to its start), for the chunk's `version`. */
interface ChunkUrls {
  version: number;
  urls: CredentialUrl[];
}

/** Bound: one entry per chunk, living as long as the chunk. */
const chunkUrls = new WeakMap<Chunk, ChunkUrls>();

function urlsOf(src: PythonSource, c: Chunk): CredentialUrl[] {
  let known = chunkUrls.get(c);
  if (!known || known.version !== c.version) {
    const found: CredentialUrl[] = [];
    let complete = true;
    // A view of the chunk, searched and dropped: only spans and an own copy of the scheme are kept.
    for (const url of credentialUrls(src.text.slice(c.start, c.end))) {
      const s = url.password.s + c.start;
      const e = url.password.e + c.start;
      const inLiteral = src.withTreeAt(s, (tree, _text, base) => {
        const content = inStringContent(tree.rootNode.descendantForIndex(s - base, e - base));
        return !!content && content.endIndex + base >= e && !isDocString(content);
      });
      if (inLiteral === undefined) complete = false;
      if (inLiteral) found.push({ scheme: ownCopy(url.scheme), password: url.password });
    }
    known = { version: c.version, urls: found };
    // No tree (the parser restarting, or refusing the chunk): asked again next time.
    if (complete) chunkUrls.set(c, known);
  }
  return known.urls;
}

/**
 * MLS011 in a Python source: credential URLs inside string literals (docstrings and comments excepted), found
 * chunk by chunk (a URL cannot span two: chunks end at line breaks outside strings) and kept until a chunk changes.
 */
export function pythonCredentialUrls(src: PythonSource, module: number): Finding[] {
  const out: Finding[] = [];
  for (const c of src.chunks) {
    for (const url of urlsOf(src, c)) {
      out.push(credentialUrlFinding(module, { scheme: url.scheme, password: { s: url.password.s + c.start, e: url.password.e + c.start } }, 'in this string'));
    }
  }
  return out;
}
