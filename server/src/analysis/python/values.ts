/**
 * Turns tree-sitter expression nodes into `Val`s: literal strings (decoded), dicts, lists and the rest.
 * Identifiers go through a resolver supplied by the caller (scope rules live in scope.ts).
 */
import type { Node } from '../parser';
import type { Entry, Val } from './facts';

export type NameResolver = (ident: Node, depth: number) => Val;

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '',
};

/** Decodes the body of a non-raw Python string literal (best effort; unknown escapes are kept as written). */
function unescape(body: string): string {
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

/** The value of one `string` node, or undefined when it has interpolations (an f-string with fields). */
export function stringValue(node: Node, text: string): string | undefined {
  let startEnd = -1;
  let endStart = -1;
  let prefix = '';
  for (const ch of node.children) {
    if (!ch) continue;
    if (ch.type === 'interpolation') return undefined;
    if (ch.type === 'string_start') {
      startEnd = ch.endIndex;
      prefix = text.slice(ch.startIndex, ch.endIndex).replace(/["']/g, '').toLowerCase();
    } else if (ch.type === 'string_end') {
      endStart = ch.startIndex;
    }
  }
  if (startEnd < 0) return undefined;
  if (endStart < 0) endStart = node.endIndex; // unterminated: up to where the node ends
  const body = text.slice(startEnd, Math.max(startEnd, endStart));
  return prefix.includes('r') ? body : unescape(body);
}

/** The last name of an identifier or attribute node (`x` → "x", `a.b.x` → "x"); null for anything else. */
export function trailingName(node: Node | null, text: string): string | null {
  if (!node) return null;
  if (node.type === 'identifier') return text.slice(node.startIndex, node.endIndex);
  if (node.type === 'attribute') {
    const a = node.childForFieldName('attribute');
    return a ? text.slice(a.startIndex, a.endIndex) : null;
  }
  return null;
}

/** Converts an expression node to a Val. `depth` bounds the resolution of names through other names. */
export function toVal(node: Node | null | undefined, text: string, resolve: NameResolver, depth = 0): Val {
  if (!node) return { k: 'other', s: 0, e: 0 };
  const s = node.startIndex;
  const e = node.endIndex;
  switch (node.type) {
    case 'string': {
      const v = stringValue(node, text);
      return v === undefined ? { k: 'other', s, e } : { k: 'str', s, e, v };
    }
    case 'concatenated_string': {
      let v = '';
      for (const part of node.namedChildren) {
        if (!part || part.type === 'comment') continue;
        const pv = part.type === 'string' ? stringValue(part, text) : undefined;
        if (pv === undefined) return { k: 'other', s, e };
        v += pv;
      }
      return { k: 'str', s, e, v };
    }
    case 'dictionary':
      return dictVal(node, text, resolve, depth);
    case 'list':
    case 'tuple': {
      const items: Val[] = [];
      for (const it of node.namedChildren) {
        if (!it || it.type === 'comment') continue;
        items.push(toVal(it, text, resolve, depth));
      }
      return { k: 'list', s, e, items, tuple: node.type === 'tuple' };
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren.find(c => c && c.type !== 'comment');
      return inner ? toVal(inner, text, resolve, depth) : { k: 'other', s, e };
    }
    case 'integer':
    case 'float':
      return { k: 'lit', s, e, t: 'num' };
    case 'true':
    case 'false':
      return { k: 'lit', s, e, t: 'bool' };
    case 'none':
      return { k: 'lit', s, e, t: 'none' };
    case 'set':
      return { k: 'lit', s, e, t: 'set' };
    case 'identifier':
      return depth > 4 ? { k: 'other', s, e } : resolve(node, depth + 1);
    case 'call': {
      const fn = node.childForFieldName('function');
      if (fn && fn.type === 'identifier' && text.slice(fn.startIndex, fn.endIndex) === 'dict') {
        return dictCallVal(node, text, resolve, depth);
      }
      return { k: 'other', s, e };
    }
    default:
      return { k: 'other', s, e };
  }
}

function dictVal(node: Node, text: string, resolve: NameResolver, depth: number): Val {
  const entries: Entry[] = [];
  let open = false;
  for (const ch of node.namedChildren) {
    if (!ch || ch.type === 'comment') continue;
    if (ch.type === 'pair') {
      const key = ch.childForFieldName('key');
      const value = ch.childForFieldName('value');
      entries.push({ key: toVal(key, text, resolve, depth), value: toVal(value, text, resolve, depth), s: ch.startIndex, e: ch.endIndex });
    } else {
      open = true;
    }
  }
  return { k: 'dict', s: node.startIndex, e: node.endIndex, entries, open };
}

/** `dict(A="v", **other)` and `dict({"A": "v"}, B="w")`. */
function dictCallVal(node: Node, text: string, resolve: NameResolver, depth: number): Val {
  const args = node.childForFieldName('arguments');
  const entries: Entry[] = [];
  let open = false;
  if (args && args.type === 'argument_list') {
    for (const a of args.namedChildren) {
      if (!a || a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const name = a.childForFieldName('name');
        const value = a.childForFieldName('value');
        if (!name) { open = true; continue; }
        entries.push({
          key: { k: 'str', s: name.startIndex, e: name.endIndex, v: text.slice(name.startIndex, name.endIndex) },
          value: toVal(value, text, resolve, depth),
          s: a.startIndex,
          e: a.endIndex,
        });
      } else {
        const v = toVal(a, text, resolve, depth);
        if (v.k === 'dict') {
          entries.push(...v.entries);
          open ||= v.open;
        } else {
          open = true;
        }
      }
    }
  } else {
    open = true;
  }
  return { k: 'dict', s: node.startIndex, e: node.endIndex, entries, open };
}
