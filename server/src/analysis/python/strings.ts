/** Python string literals: decoding escapes, and the parts of f-strings. */
import type { Node } from '../parser';

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '',
};

/** Decodes the body of a non-raw Python string literal (best effort; unknown escapes are kept as written). */
export function unescape(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\' || i + 1 >= body.length) { out += c; continue; }
    const d = body[i + 1];
    if (d in SIMPLE_ESCAPES) { out += SIMPLE_ESCAPES[d]; i++; continue; }
    if (d === '\r') { i += body[i + 2] === '\n' ? 2 : 1; continue; }
    const hex = d === 'x' ? 2 : d === 'u' ? 4 : d === 'U' ? 8 : 0;
    if (hex && /^[0-9a-fA-F]+$/.test(body.slice(i + 2, i + 2 + hex)) && body.length >= i + 2 + hex) {
      const cp = parseInt(body.slice(i + 2, i + 2 + hex), 16);
      out += cp <= 0x10ffff ? String.fromCodePoint(cp) : body.slice(i, i + 2 + hex);
      i += 1 + hex;
      continue;
    }
    if (d >= '0' && d <= '7') {
      let j = i + 1;
      while (j < i + 4 && j < body.length && body[j] >= '0' && body[j] <= '7') j++;
      out += String.fromCharCode(parseInt(body.slice(i + 1, j), 8));
      i = j - 1;
      continue;
    }
    out += c;
  }
  return out;
}

export interface StringParts {
  /** Literal text and, between them, the field expressions (`{expr}` without conversion or format spec). */
  parts: (string | Node)[];
  /** A field with a conversion (`!r`) or a format spec: the value cannot be folded. */
  opaque: boolean;
}

/** The literal pieces and fields of one `string` node (a plain string has one piece). */
export function stringParts(node: Node, text: string): StringParts | undefined {
  let prefix: string;
  let bodyStart = -1;
  let at = -1;
  let opaque = false;
  const parts: (string | Node)[] = [];
  let raw = false;
  let f = false;
  const literal = (from: number, to: number): void => {
    if (to <= from) return;
    let piece = raw ? text.slice(from, to) : unescape(text.slice(from, to));
    if (f) piece = piece.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    parts.push(piece);
  };
  for (const ch of node.children) {
    if (!ch) continue;
    if (ch.type === 'string_start') {
      prefix = text.slice(ch.startIndex, ch.endIndex).replace(/["']/g, '').toLowerCase();
      raw = prefix.includes('r');
      f = prefix.includes('f');
      bodyStart = at = ch.endIndex;
    } else if (ch.type === 'interpolation') {
      if (bodyStart < 0) return undefined;
      literal(at, ch.startIndex);
      at = ch.endIndex;
      const expr = ch.childForFieldName('expression');
      if (!expr || ch.childForFieldName('type_conversion') || ch.childForFieldName('format_specifier')) opaque = true;
      else parts.push(expr);
    } else if (ch.type === 'string_end') {
      if (bodyStart < 0) return undefined;
      literal(at, ch.startIndex);
      at = -2;
    }
  }
  if (bodyStart < 0) return undefined;
  // Unterminated: up to where the node ends.
  if (at !== -2) literal(at, node.endIndex);
  return { parts, opaque };
}

/** The value of one `string` node, or undefined when it has interpolations (an f-string with fields). */
export function stringValue(node: Node, text: string): string | undefined {
  const p = stringParts(node, text);
  if (!p || p.opaque || p.parts.some(x => typeof x !== 'string')) return undefined;
  return (p.parts as string[]).join('');
}
