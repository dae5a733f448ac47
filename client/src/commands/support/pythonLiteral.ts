/**
 * The value of a Python string literal, as Python computes it, from its source text (quotes and prefix included):
 * `'…'`, `"…"`, triple-quoted, raw (`r`), `u`, escapes (`\n`, `\x41`, `\101`, `\u00e9`, `\U0001F600`, a backslash
 * before a newline…), and implicit concatenation (`"a" "b"`, across lines and comments). f-strings (computed at run
 * time), bytes (not text) and `\N{…}` escapes are refused with a reason. Pure; a character scanner over one token
 * sequence the language server pointed at (it parses the code with tree-sitter), so no Python is parsed here.
 */
import { ownValue } from '../../../../shared/src/records';

export type LiteralResult = { ok: true; value: string } | { ok: false; reason: string };

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

function decodeEscapes(body: string): LiteralResult {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[i + 1];
    if (n === undefined) return { ok: false, reason: 'it ends with a lone backslash' };
    if (n === '\n') {
      i++;
      continue;
    }
    const simple = ownValue(SIMPLE_ESCAPES, n);
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    if (n >= '0' && n <= '7') {
      let digits = '';
      let j = i + 1;
      while (j < body.length && digits.length < 3 && body[j]! >= '0' && body[j]! <= '7') digits += body[j++];
      out += String.fromCodePoint(parseInt(digits, 8));
      i = j - 1;
      continue;
    }
    const hexLength = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
    if (hexLength) {
      const hex = body.slice(i + 2, i + 2 + hexLength);
      if (hex.length !== hexLength || ![...hex].every(h => isHex(h))) return { ok: false, reason: `it has a truncated \\${n} escape` };
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return { ok: false, reason: `\\U${hex} is not a Unicode character` };
      out += String.fromCodePoint(code);
      i += 1 + hexLength;
      continue;
    }
    if (n === 'N') return { ok: false, reason: 'it uses a \\N{…} escape (write the character itself instead)' };
    // Python keeps unknown escapes as they are (with a warning).
    out += c;
  }
  return { ok: true, value: out };
}

/** Decodes one literal starting at `at`; returns its value and where it ends. */
function one(text: string, at: number): { value: string; end: number } | { reason: string } {
  let i = at;
  let prefix = '';
  while (i < text.length && /[rRuUbBfF]/.test(text[i]!)) prefix += text[i++]!.toLowerCase();
  const q = text[i];
  if (q !== '"' && q !== "'") return { reason: 'it is not a string literal' };
  if (prefix.includes('f')) return { reason: 'it is an f-string, whose value is computed when the code runs' };
  if (prefix.includes('b')) return { reason: 'it is a bytes literal, not text' };
  if (prefix.length > 2 || (prefix.includes('u') && prefix.length > 1)) return { reason: `"${prefix}" is not a string prefix` };
  const raw = prefix.includes('r');
  const triple = text.startsWith(q.repeat(3), i);
  const quote = triple ? q.repeat(3) : q;
  i += quote.length;
  const start = i;
  for (;;) {
    if (i >= text.length) return { reason: 'it has no closing quote' };
    const c = text[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (!triple && c === '\n') return { reason: 'it has no closing quote on its line' };
    if (text.startsWith(quote, i)) break;
    i++;
  }
  const body = text.slice(start, i);
  if (raw) return { value: body, end: i + quote.length };
  const decoded = decodeEscapes(body);
  return decoded.ok ? { value: decoded.value, end: i + quote.length } : { reason: decoded.reason };
}

/** The value of the literal (or implicitly concatenated literals) in `source`. */
export function pythonStringValue(source: string): LiteralResult {
  // Python reads source with universal newlines.
  const text = source.replace(/\r\n?/g, '\n');
  let i = 0;
  let value = '';
  let parts = 0;
  for (;;) {
    // Between parts: whitespace, line continuations and comments.
    for (;;) {
      if (i < text.length && /\s/.test(text[i]!)) i++;
      else if (text.startsWith('\\\n', i)) i += 2;
      else if (text[i] === '#' && parts > 0) {
        while (i < text.length && text[i] !== '\n') i++;
      } else break;
    }
    if (i >= text.length) break;
    const r = one(text, i);
    if ('reason' in r) return { ok: false, reason: r.reason };
    value += r.value;
    i = r.end;
    parts++;
  }
  if (parts === 0) return { ok: false, reason: 'it is empty' };
  return { ok: true, value };
}
