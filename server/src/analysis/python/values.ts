/**
 * Turns tree-sitter expression nodes into `Val`s: literal strings (decoded), dicts, lists, and the expressions the
 * analyzer folds later (attributes, subscripts, `+`, conditional expressions, f-strings, calls). Identifiers go
 * through a resolver supplied by the caller (scope rules live in scope.ts).
 *
 * Nesting is bounded: a value nested deeper than MAX_NESTING becomes `other`, and the first place where that
 * happened is recorded (`takeDeep`) so that the document gets an MLS012 finding instead of a stack overflow.
 */
import type { Node } from '../parser';
import type { Entry, Span, Val } from './facts';
import { stringParts, type StringParts } from './strings';

export { stringValue } from './strings';

export type NameResolver = (ident: Node, depth: number) => Val;

/** How deep a value is followed (brackets, calls, operators); deeper parts are `other` and reported as MLS012. */
export const MAX_NESTING = 100;

let deepAt: Span | undefined;

/** The first place since the last call where a value was cut at MAX_NESTING (relative to the text parsed). */
export function takeDeep(): Span | undefined {
  const d = deepAt;
  deepAt = undefined;
  return d;
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

function other(node: Node): Val {
  return { k: 'other', s: node.startIndex, e: node.endIndex };
}

function firstNamed(node: Node): Node | null {
  for (const c of node.namedChildren) if (c && c.type !== 'comment') return c;
  return null;
}

/** A string or implicit concatenation: `str` when every part is literal, `fstr` when fields remain. */
function stringVal(node: Node, pieces: StringParts[], text: string, resolve: NameResolver, depth: number, nest: number): Val {
  const s = node.startIndex;
  const e = node.endIndex;
  const parts: (string | Node)[] = [];
  for (const p of pieces) {
    if (p.opaque) return { k: 'other', s, e };
    parts.push(...p.parts);
  }
  if (parts.every(p => typeof p === 'string')) return { k: 'str', s, e, v: (parts as string[]).join('') };
  return {
    k: 'fstr', s, e,
    parts: parts.map(p => (typeof p === 'string' ? { k: 'str', s, e, v: p } : toVal(p, text, resolve, depth, nest + 1))),
  };
}

/** Converts an expression node to a Val. `depth` bounds the resolution of names through other names. */
export function toVal(node: Node | null | undefined, text: string, resolve: NameResolver, depth = 0, nest = 0): Val {
  if (!node) return { k: 'other', s: 0, e: 0 };
  const s = node.startIndex;
  const e = node.endIndex;
  if (nest > MAX_NESTING) {
    deepAt ??= { s, e };
    return { k: 'other', s, e };
  }
  const sub = (n: Node | null | undefined): Val => toVal(n, text, resolve, depth, nest + 1);
  switch (node.type) {
    case 'string': {
      const p = stringParts(node, text);
      return p ? stringVal(node, [p], text, resolve, depth, nest) : { k: 'other', s, e };
    }
    case 'concatenated_string': {
      const pieces: StringParts[] = [];
      for (const part of node.namedChildren) {
        if (!part || part.type === 'comment') continue;
        const p = part.type === 'string' ? stringParts(part, text) : undefined;
        if (!p) return { k: 'other', s, e };
        pieces.push(p);
      }
      return stringVal(node, pieces, text, resolve, depth, nest);
    }
    case 'dictionary':
      return dictVal(node, text, resolve, depth, nest);
    case 'list':
    case 'tuple':
    case 'expression_list': {
      const items: Val[] = [];
      for (const it of node.namedChildren) {
        if (!it || it.type === 'comment') continue;
        items.push(sub(it));
      }
      return { k: 'list', s, e, items, tuple: node.type !== 'list' };
    }
    case 'parenthesized_expression': {
      const inner = firstNamed(node);
      return inner ? toVal(inner, text, resolve, depth, nest + 1) : { k: 'other', s, e };
    }
    case 'integer': {
      const n = Number(text.slice(s, e).replace(/_/g, ''));
      return Number.isSafeInteger(n) ? { k: 'lit', s, e, t: 'num', n } : { k: 'lit', s, e, t: 'num' };
    }
    case 'float':
      return { k: 'lit', s, e, t: 'num' };
    case 'unary_operator': {
      const arg = node.childForFieldName('argument');
      return arg && (arg.type === 'integer' || arg.type === 'float') ? { k: 'lit', s, e, t: 'num' } : { k: 'other', s, e };
    }
    case 'true':
    case 'false':
      return { k: 'lit', s, e, t: 'bool' };
    case 'none':
      return { k: 'lit', s, e, t: 'none' };
    case 'set':
      return { k: 'lit', s, e, t: 'set' };
    case 'identifier':
      return depth > 4 ? { k: 'other', s, e } : resolve(node, depth + 1);
    case 'attribute': {
      const name = node.childForFieldName('attribute');
      return name ? { k: 'attr', s, e, obj: sub(node.childForFieldName('object')), name: text.slice(name.startIndex, name.endIndex) } : other(node);
    }
    case 'subscript': {
      const key = node.childForFieldName('subscript');
      return key ? { k: 'sub', s, e, obj: sub(node.childForFieldName('value')), key: sub(key) } : other(node);
    }
    case 'binary_operator': {
      const op = node.childForFieldName('operator');
      if (!op || op.type !== '+') return other(node);
      return { k: 'add', s, e, a: sub(node.childForFieldName('left')), b: sub(node.childForFieldName('right')) };
    }
    case 'conditional_expression': {
      const parts = node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
      return parts.length === 3 ? { k: 'cond', s, e, a: sub(parts[0]), b: sub(parts[2]) } : other(node);
    }
    case 'call':
      return callVal(node, text, resolve, depth, nest);
    default:
      return { k: 'other', s, e };
  }
}

function dictVal(node: Node, text: string, resolve: NameResolver, depth: number, nest: number): Val {
  const entries: Entry[] = [];
  let open = false;
  for (const ch of node.namedChildren) {
    if (!ch || ch.type === 'comment') continue;
    if (ch.type === 'pair') {
      const key = ch.childForFieldName('key');
      const value = ch.childForFieldName('value');
      entries.push({ key: toVal(key, text, resolve, depth, nest + 1), value: toVal(value, text, resolve, depth, nest + 1), s: ch.startIndex, e: ch.endIndex });
    } else {
      open = true;
    }
  }
  return { k: 'dict', s: node.startIndex, e: node.endIndex, entries, open };
}

/** `dict(A="v", **other)` and `dict({"A": "v"}, B="w")` as dicts; any other call as a `call`. */
function callVal(node: Node, text: string, resolve: NameResolver, depth: number, nest: number): Val {
  const fn = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  const s = node.startIndex;
  const e = node.endIndex;
  if (!fn) return { k: 'other', s, e };
  const isDict = fn.type === 'identifier' && text.slice(fn.startIndex, fn.endIndex) === 'dict';
  const positional: Val[] = [];
  const kw: { name: string; val: Val; s: number; e: number; ns: number; ne: number }[] = [];
  let splat = false;
  if (args && args.type === 'argument_list') {
    for (const a of args.namedChildren) {
      if (!a || a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const name = a.childForFieldName('name');
        if (!name) { splat = true; continue; }
        kw.push({
          name: text.slice(name.startIndex, name.endIndex), val: toVal(a.childForFieldName('value'), text, resolve, depth, nest + 1),
          s: a.startIndex, e: a.endIndex, ns: name.startIndex, ne: name.endIndex,
        });
      } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
        positional.push({ k: 'splat', s: a.startIndex, e: a.endIndex, val: toVal(firstNamed(a), text, resolve, depth, nest + 1), dict: a.type === 'dictionary_splat' });
      } else {
        positional.push(toVal(a, text, resolve, depth, nest + 1));
      }
    }
  } else if (args) {
    splat = true; // a generator argument: f(x for x in y)
  }
  if (!isDict) return { k: 'call', s, e, fn: toVal(fn, text, resolve, depth, nest + 1), args: positional, kw: kw.map(k => ({ name: k.name, val: k.val })), splat };
  const entries: Entry[] = [];
  let open = splat;
  for (const p of positional) {
    if (p.k === 'dict') {
      entries.push(...p.entries);
      open ||= p.open;
    } else {
      open = true;
    }
  }
  for (const k of kw) entries.push({ key: { k: 'str', s: k.ns, e: k.ne, v: k.name }, value: k.val, s: k.s, e: k.e });
  return { k: 'dict', s, e, entries, open };
}
