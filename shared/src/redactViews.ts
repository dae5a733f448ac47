/**
 * Decoded views of a text, for the redactor (redact.ts). A server or a job rarely echoes a value as it is: it writes
 * it as JSON (`\n`, `\"`, `\u00e9`, surrogate pairs), as a Python repr (`\x07`, `\u2028`, `\U0001f600`, either
 * quote), as bytes (`b'caf\xc3\xa9'`), URL-encoded (`%C3%A9`, `+` for a space), HTML-escaped, upper- or lower-cased.
 * Instead of guessing every mixture of those encoders, the redactor looks for the plain value in views of the text
 * with the escapes undone (one or two layers deep) and with case folded. Each code unit of a view remembers the span
 * of the original text it came from, so a match is hidden in the original, escapes and all.
 */
import { nullRecord } from './records';

/** A text derived from an original; `from[i]`/`to[i]` are the original span of unit i (absent: the original). */
export interface View {
  readonly text: string;
  readonly from?: Int32Array;
  readonly to?: Int32Array;
}

/** The original span [start, end) of the view's units [start, end). */
export function originalSpan(view: View, start: number, end: number): [number, number] {
  if (!view.from || !view.to) return [start, end];
  return [view.from[start]!, view.to[end - 1]!];
}

/** Builds a view of `src` unit by unit. */
class ViewBuilder {
  private readonly parts: string[] = [];
  private readonly from: number[] = [];
  private readonly to: number[] = [];

  constructor(private readonly src: View) {}

  /** Appends `s`, which stands for the source units [a, b). */
  emit(s: string, a: number, b: number): void {
    const f = this.src.from ? this.src.from[a]! : a;
    const t = this.src.to ? this.src.to[b - 1]! : b;
    for (let i = 0; i < s.length; i++) {
      this.from.push(f);
      this.to.push(t);
    }
    this.parts.push(s);
  }

  /** Appends the source units [a, b) unchanged. */
  copy(a: number, b: number): void {
    for (let i = a; i < b; i++) {
      this.from.push(this.src.from ? this.src.from[i]! : i);
      this.to.push(this.src.to ? this.src.to[i]! : i + 1);
    }
    this.parts.push(this.src.text.slice(a, b));
  }

  build(): View {
    return { text: this.parts.join(''), from: Int32Array.from(this.from), to: Int32Array.from(this.to) };
  }
}

const HEX = /^[0-9a-fA-F]+$/;

function hexAt(text: string, at: number, n: number): number | undefined {
  const s = text.slice(at, at + n);
  return s.length === n && HEX.test(s) ? parseInt(s, 16) : undefined;
}

/** A byte with the source units it came from (`%C3`, `\xc3`). */
interface SpannedByte {
  byte: number;
  a: number;
  b: number;
}

/** Emits a run of bytes as UTF-8; a byte that does not start a valid sequence is copied as written. */
function emitUtf8(out: ViewBuilder, bytes: readonly SpannedByte[], asLatin1: boolean): void {
  for (let i = 0; i < bytes.length;) {
    const b0 = bytes[i]!.byte;
    const n = b0 < 0x80 ? 1 : b0 >= 0xc2 && b0 < 0xe0 ? 2 : b0 >= 0xe0 && b0 < 0xf0 ? 3 : b0 >= 0xf0 && b0 < 0xf5 ? 4 : 0;
    let cp = n === 1 ? b0 : n === 2 ? b0 & 0x1f : n === 3 ? b0 & 0x0f : b0 & 0x07;
    let ok = n > 0 && i + n <= bytes.length;
    for (let k = 1; ok && k < n; k++) {
      const c = bytes[i + k]!.byte;
      if ((c & 0xc0) !== 0x80) ok = false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (ok && ((n === 3 && cp < 0x800) || (n === 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp < 0xe000))) ok = false;
    if (ok) {
      out.emit(String.fromCodePoint(cp), bytes[i]!.a, bytes[i + n - 1]!.b);
      i += n;
    } else {
      if (asLatin1) out.emit(String.fromCharCode(b0), bytes[i]!.a, bytes[i]!.b);
      else out.copy(bytes[i]!.a, bytes[i]!.b);
      i += 1;
    }
  }
}

const SIMPLE_ESCAPES = nullRecord(Object.entries({
  n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', a: '\x07', '\\': '\\', '"': '"', "'": "'", '/': '/', '`': '`',
}));

/** One backslash escape at `at` (text[at] is `\`): its text and length, or undefined when it is none we know. */
function backslashEscape(text: string, at: number): { s: string; n: number; byte?: number } | undefined {
  const c = text[at + 1];
  if (c === undefined) return undefined;
  if (c === 'x') {
    const h = hexAt(text, at + 2, 2);
    return h === undefined ? undefined : { s: String.fromCharCode(h), n: 4, byte: h };
  }
  if (c === 'u' || c === 'U') {
    if (c === 'u' && text[at + 2] === '{') {
      const close = text.indexOf('}', at + 3);
      const h = close > at + 3 && close <= at + 9 ? hexAt(text, at + 3, close - at - 3) : undefined;
      return h !== undefined && h <= 0x10ffff ? { s: String.fromCodePoint(h), n: close - at + 1 } : undefined;
    }
    // Python's \U takes 8 digits; accept 4 too (an upper-cased \u escape).
    const h8 = c === 'U' ? hexAt(text, at + 2, 8) : undefined;
    if (h8 !== undefined && h8 <= 0x10ffff) return { s: String.fromCodePoint(h8), n: 10 };
    const h4 = hexAt(text, at + 2, 4);
    return h4 === undefined ? undefined : { s: String.fromCharCode(h4), n: 6 };
  }
  if (c >= '0' && c <= '7') {
    let n = 1;
    while (n < 3 && text[at + 1 + n]! >= '0' && text[at + 1 + n]! <= '7') n++;
    const v = parseInt(text.slice(at + 1, at + 1 + n), 8);
    return { s: String.fromCharCode(v), n: n + 1, ...(v < 256 ? { byte: v } : {}) };
  }
  const simple = SIMPLE_ESCAPES[c];
  return simple === undefined ? undefined : { s: simple, n: 2 };
}

/**
 * Undoes backslash escapes (JSON, JavaScript, Python str and bytes). With `bytes`, runs of `\xNN` are UTF-8 (a bytes
 * repr of an encoded value); otherwise each `\xNN` is one code point (a str repr).
 */
function unescapeBackslashes(src: View, bytes: boolean): View {
  const text = src.text;
  const out = new ViewBuilder(src);
  let plain = 0;
  for (let i = 0; i < text.length;) {
    if (text.charCodeAt(i) !== 0x5c) {
      i++;
      continue;
    }
    const e = backslashEscape(text, i);
    if (!e) {
      i++;
      continue;
    }
    out.copy(plain, i);
    if (bytes && e.byte !== undefined) {
      const run: SpannedByte[] = [];
      let j = i;
      for (let x = backslashEscape(text, j); x && x.byte !== undefined; x = backslashEscape(text, j)) {
        run.push({ byte: x.byte, a: j, b: j + x.n });
        j += x.n;
        if (text.charCodeAt(j) !== 0x5c) break;
      }
      emitUtf8(out, run, true);
      i = j;
    } else {
      out.emit(e.s, i, i + e.n);
      i += e.n;
    }
    plain = i;
  }
  out.copy(plain, text.length);
  return out.build();
}

/** Undoes URL encoding (`quote`, `encodeURIComponent`); with `plus`, also `+` for a space (`quote_plus`). */
function unescapePercent(src: View, plus: boolean): View {
  const text = src.text;
  const out = new ViewBuilder(src);
  let plain = 0;
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (plus && c === 0x2b) {
      out.copy(plain, i);
      out.emit(' ', i, i + 1);
      plain = ++i;
      continue;
    }
    if (c !== 0x25 || hexAt(text, i + 1, 2) === undefined) {
      i++;
      continue;
    }
    out.copy(plain, i);
    const run: SpannedByte[] = [];
    let j = i;
    for (let h = hexAt(text, j + 1, 2); text.charCodeAt(j) === 0x25 && h !== undefined; h = hexAt(text, j + 1, 2)) {
      run.push({ byte: h, a: j, b: j + 3 });
      j += 3;
    }
    emitUtf8(out, run, false);
    i = plain = j;
  }
  out.copy(plain, text.length);
  return out.build();
}

const ENTITY = /&(?:#[xX]([0-9a-fA-F]{1,6})|#(\d{1,7})|(amp|lt|gt|quot|apos));/g;
const NAMED = nullRecord(Object.entries({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }));

/** Undoes HTML character references (an error page of a proxy or an ingress). */
function unescapeHtml(src: View): View {
  const out = new ViewBuilder(src);
  let plain = 0;
  for (const m of src.text.matchAll(ENTITY)) {
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : m[2] !== undefined ? parseInt(m[2], 10) : -1;
    if (cp > 0x10ffff) continue;
    out.copy(plain, m.index);
    out.emit(cp >= 0 ? String.fromCodePoint(cp) : NAMED[m[3]!]!, m.index, m.index + m[0].length);
    plain = m.index + m[0].length;
  }
  out.copy(plain, src.text.length);
  return out.build();
}

/** Case folding as the redactor compares: upper-case, then lower-case, one code point at a time. */
export function fold(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007f]*$/.test(s)) return s.toLowerCase();
  let out = '';
  for (const ch of s) out += ch.toUpperCase().toLowerCase();
  return out;
}

function folded(src: View): View {
  const out = new ViewBuilder(src);
  const text = src.text;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const n = cp > 0xffff ? 2 : 1;
    const ch = text.slice(i, i + n);
    const f = ch.toUpperCase().toLowerCase();
    if (f === ch) out.copy(i, i + n);
    else out.emit(f, i, i + n);
    i += n;
  }
  return out.build();
}

interface Decoder {
  applies(text: string): boolean;
  decode(view: View): View;
}

const DECODERS: readonly Decoder[] = [
  { applies: t => t.includes('\\'), decode: v => unescapeBackslashes(v, false) },
  { applies: t => /\\x[0-9a-fA-F]{2}\\x/.test(t), decode: v => unescapeBackslashes(v, true) },
  { applies: t => /%[0-9a-fA-F]{2}/.test(t), decode: v => unescapePercent(v, false) },
  { applies: t => t.includes('+'), decode: v => unescapePercent(v, true) },
  { applies: t => /&(?:#|amp;|lt;|gt;|quot;|apos;)/.test(t), decode: unescapeHtml },
];

/** Views beyond this many are not built (each decoder applies to a text that has its trigger only). */
const MAX_VIEWS = 24;

/** The text itself, its decodings one and two layers deep, and each of those case-folded. */
export function viewsOf(text: string): View[] {
  const seen = new Set<string>([text]);
  const views: View[] = [{ text }];
  let layer: View[] = views.slice();
  for (let depth = 0; depth < 2 && layer.length; depth++) {
    const next: View[] = [];
    for (const v of layer) {
      for (const d of DECODERS) {
        if (views.length + next.length >= MAX_VIEWS || !d.applies(v.text)) continue;
        const w = d.decode(v);
        if (seen.has(w.text)) continue;
        seen.add(w.text);
        next.push(w);
      }
    }
    views.push(...next);
    layer = next;
  }
  for (const v of views.slice()) {
    const f = folded(v);
    if (!seen.has(f.text)) {
      seen.add(f.text);
      views.push(f);
    }
  }
  return views;
}
